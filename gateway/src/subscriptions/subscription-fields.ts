import type { EventType, StoredEvent } from '../../../platform/src/events/event-log';
import type { Permission } from '../../../platform/src/tenancy/permissions';

/**
 * One field of the gateway's `Subscription` type: which event of the log feeds it, and how the
 * entity it returns is read back through the gateway (`<query>(id: <event's aggregate id>)`),
 * so that a subscriber may select any federated field of it.
 */
export interface SubscriptionField {
  field: string;
  events: readonly EventType[];
  /** The entity type, as the supergraph names it. */
  type: string;
  /** The root query field that reads one entity by id. */
  query: string;
  /** What the caller needs to subscribe (on top of the query's own rules, which apply too). */
  permission: Permission;
  description: string;
  /** Arguments besides `after`, in SDL. */
  arguments?: string;
  /** Narrows the events further by the field's arguments (kitchenTickets' station). */
  accepts?: (event: StoredEvent, args: Record<string, unknown>) => boolean;
}

/**
 * Whether an order event may change a station's ticket: one of the order's items (whatever its
 * status) is cooked there, or the items were replaced (the station's may have been taken out:
 * the event's snapshot shows the order after the change only).
 */
function touchesStation(event: StoredEvent, args: Record<string, unknown>): boolean {
  const station = args.station;
  if (typeof station !== 'string') return true;
  if (event.type === 'order.updated' && !('item_id' in event.payload)) return true;
  const order = (event.payload.order ?? {}) as { items?: { station?: unknown }[] };
  return (order.items ?? []).some((item) => item.station === station);
}

const ORDER_EVENTS: readonly EventType[] = [
  'order.created',
  'order.updated',
  'order.status_changed',
];

/** The subscription fields, one row each: event types → field → entity query → permission. */
export const SUBSCRIPTION_FIELDS: readonly SubscriptionField[] = [
  {
    field: 'orderCreated',
    events: ['order.created'],
    type: 'Order',
    query: 'order',
    permission: 'orders:read',
    description: 'An order was opened.',
  },
  {
    field: 'orderUpdated',
    events: ['order.updated'],
    type: 'Order',
    query: 'order',
    permission: 'orders:read',
    description: 'An order was changed: items added, replaced, or an item moved in the kitchen.',
  },
  {
    field: 'orderStatusChanged',
    events: ['order.status_changed'],
    type: 'Order',
    query: 'order',
    permission: 'orders:read',
    description: "An order's status changed.",
  },
  {
    field: 'reservationCreated',
    events: ['reservation.created'],
    type: 'Reservation',
    query: 'reservation',
    permission: 'reservations:read',
    description: 'A reservation was made.',
  },
  {
    field: 'reservationArrived',
    events: ['reservation.arrived'],
    type: 'Reservation',
    query: 'reservation',
    permission: 'reservations:read',
    description: 'The guests of a reservation arrived (or were seated straight away).',
  },
  {
    field: 'inventoryLowStock',
    events: ['inventory.low_stock'],
    type: 'InventoryItem',
    query: 'inventoryItem',
    permission: 'inventory:read',
    description: 'A stock item fell to its low-stock threshold or below.',
  },
  {
    field: 'paymentCompleted',
    events: ['payment.completed'],
    type: 'Payment',
    query: 'payment',
    // Who may take payments reads them (there is no payments:read scope); not the kitchen.
    permission: 'payments:write',
    description: 'A payment succeeded (the order may now be settled: see `Payment.order`).',
  },
  {
    field: 'paymentFailed',
    events: ['payment.failed'],
    type: 'Payment',
    query: 'payment',
    permission: 'payments:write',
    description: 'A payment failed: declined, or no card before the terminal timed out.',
  },
  {
    field: 'kitchenTickets',
    events: ORDER_EVENTS,
    type: 'Order',
    query: 'order',
    permission: 'orders:read',
    arguments: 'station: String',
    accepts: touchesStation,
    description:
      'The kitchen tickets of a station (every station without `station`): without `after`, ' +
      'first every open ticket, then each order as it is ordered, changed and bumped, with ' +
      '`items` narrowed to the items still to cook there (pending or preparing). An order with ' +
      'no `items` left has left the station.',
  },
];

export const KITCHEN_TICKETS = 'kitchenTickets';

const fieldsByName = new Map(SUBSCRIPTION_FIELDS.map((entry) => [entry.field, entry]));

export function subscriptionField(name: string): SubscriptionField | undefined {
  return fieldsByName.get(name);
}

/** The gateway's own part of the schema: the Subscription type, built from the table. */
export function subscriptionSdl(
  fields: readonly SubscriptionField[] = SUBSCRIPTION_FIELDS,
): string {
  const lines = fields.map((entry) => {
    const args = [
      entry.arguments,
      '"Resume after this event cursor (`extensions.cursor`)." after: String',
    ]
      .filter(Boolean)
      .join(', ');
    return `  ${JSON.stringify(entry.description)}\n  ${entry.field}(${args}): ${entry.type}!`;
  });
  return `extend schema { subscription: Subscription }

"""
Live events of the caller's restaurant and environment, from the event log, over graphql-ws on
/graphql. Each result carries the event's cursor in \`extensions.cursor\`: pass it as \`after\` to
resume after a disconnect without a gap.
"""
type Subscription {
${lines.join('\n')}
}
`;
}
