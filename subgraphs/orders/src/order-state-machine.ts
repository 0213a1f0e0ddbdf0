import { IllegalTransitionError } from '../../../platform/src/errors';

export const ORDER_STATUSES = [
  'created',
  'in_progress',
  'ready',
  'served',
  'paid',
  'closed',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ORDER_ITEM_STATUSES = [
  'pending',
  'preparing',
  'ready',
  'served',
  'cancelled',
] as const;
export type OrderItemStatus = (typeof ORDER_ITEM_STATUSES)[number];

/**
 * Every allowed change of an order's status. An order is cancelled only before the kitchen has
 * finished it; `ready` and `served` go back to `in_progress` when items are added (dessert
 * after the main course). Anything not listed is refused with ILLEGAL_TRANSITION.
 */
export const ORDER_TRANSITIONS: Readonly<Record<OrderStatus, readonly OrderStatus[]>> = {
  created: ['in_progress', 'cancelled'],
  in_progress: ['ready', 'cancelled'],
  ready: ['served', 'in_progress'],
  served: ['paid', 'in_progress'],
  paid: ['closed'],
  closed: [],
  cancelled: [],
};

/** Every allowed change of an item's status, as the kitchen moves it along. */
export const ORDER_ITEM_TRANSITIONS: Readonly<Record<OrderItemStatus, readonly OrderItemStatus[]>> =
  {
    pending: ['preparing', 'cancelled'],
    preparing: ['ready', 'cancelled'],
    ready: ['served'],
    served: [],
    cancelled: [],
  };

/** Orders in these statuses are "active": on the floor, in the kitchen or waiting for payment. */
export const ACTIVE_ORDER_STATUSES: readonly OrderStatus[] = [
  'created',
  'in_progress',
  'ready',
  'served',
];

/** Items can be added while the order is active. */
export const ORDERS_ACCEPTING_ITEMS: readonly OrderStatus[] = ACTIVE_ORDER_STATUSES;

export function canChangeOrderStatus(from: OrderStatus, to: OrderStatus): boolean {
  return ORDER_TRANSITIONS[from].includes(to);
}

export function canChangeItemStatus(from: OrderItemStatus, to: OrderItemStatus): boolean {
  return ORDER_ITEM_TRANSITIONS[from].includes(to);
}

export function assertOrderTransition(from: OrderStatus, to: OrderStatus): void {
  if (!canChangeOrderStatus(from, to)) {
    throw new IllegalTransitionError('An order', from, to, ORDER_TRANSITIONS[from]);
  }
}

export function assertItemTransition(from: OrderItemStatus, to: OrderItemStatus): void {
  if (!canChangeItemStatus(from, to)) {
    throw new IllegalTransitionError('An order item', from, to, ORDER_ITEM_TRANSITIONS[from]);
  }
}
