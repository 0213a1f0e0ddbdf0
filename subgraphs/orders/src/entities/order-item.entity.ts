import { EntitySchema } from '@mikro-orm/postgresql';
import { newId } from '../../../../platform/src/ids';
import type { Environment } from '../../../../platform/src/tenancy/tenant';
import { ORDER_ITEM_STATUSES, type OrderItemStatus } from '../order-state-machine';
import type { Order } from './order.entity';

/** What the menu said about an item when it was ordered; later menu changes do not reach it. */
export interface MenuSnapshot {
  menuItemId: string;
  name: string;
  unitPriceCents: number;
  taxRateBasisPoints: number;
  station: string;
}

export class OrderItem {
  readonly id = newId('orderItem');
  readonly restaurantId: string;
  readonly environment: Environment;
  readonly menuItemId: string;
  readonly name: string;
  readonly unitPriceCents: number;
  readonly taxRateBasisPoints: number;
  readonly station: string;
  status: OrderItemStatus = 'pending';
  readonly createdAt = new Date();
  updatedAt = new Date();

  constructor(
    readonly order: Order,
    readonly position: number,
    snapshot: MenuSnapshot,
    readonly quantity: number,
    readonly modifiers: string[],
    readonly notes: string,
  ) {
    if (!Number.isInteger(quantity) || quantity < 1) throw new RangeError('quantity must be >= 1');
    this.restaurantId = order.restaurantId;
    this.environment = order.environment;
    this.menuItemId = snapshot.menuItemId;
    this.name = snapshot.name;
    this.unitPriceCents = snapshot.unitPriceCents;
    this.taxRateBasisPoints = snapshot.taxRateBasisPoints;
    this.station = snapshot.station;
  }

  lineTotalCents(): number {
    return this.quantity * this.unitPriceCents;
  }
}

export const OrderItemSchema = new EntitySchema<OrderItem>({
  class: OrderItem,
  tableName: 'order_items',
  properties: {
    id: { type: 'string', columnType: 'text', primary: true },
    order: { kind: 'm:1', entity: 'Order', deleteRule: 'cascade', updateRule: 'cascade' },
    position: { type: 'integer' },
    restaurantId: { type: 'string', columnType: 'text' },
    environment: { type: 'string', columnType: 'text' },
    menuItemId: { type: 'string', columnType: 'text' },
    name: { type: 'string', columnType: 'text' },
    quantity: { type: 'integer' },
    unitPriceCents: { type: 'integer' },
    taxRateBasisPoints: { type: 'integer' },
    station: { type: 'string', columnType: 'text' },
    modifiers: { type: 'json' },
    notes: { type: 'text' },
    status: { enum: true, items: () => [...ORDER_ITEM_STATUSES] },
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date' },
  },
  indexes: [{ name: 'order_items_order_id_idx', properties: ['order', 'position'] }],
  checks: [{ name: 'order_items_quantity_check', expression: 'quantity >= 1' }],
});
