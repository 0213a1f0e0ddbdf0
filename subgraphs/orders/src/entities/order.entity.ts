import { BigIntType, Collection, EntitySchema } from '@mikro-orm/postgresql';
import { newId } from '../../../../platform/src/ids';
import { DEFAULT_CURRENCY } from '../../../../platform/src/money';
import type { Environment, Tenant } from '../../../../platform/src/tenancy/tenant';
import { priceOrder } from '../order-pricing';
import { ORDER_STATUSES, type OrderStatus } from '../order-state-machine';
import type { OrderItem } from './order-item.entity';

export class Order {
  readonly id = newId('order');
  readonly restaurantId: string;
  readonly environment: Environment;
  status: OrderStatus = 'created';
  tableId: string | null;
  serverId: string | null;
  readonly items = new Collection<OrderItem>(this);
  subtotalCents = 0;
  taxCents = 0;
  totalCents = 0;
  currency = DEFAULT_CURRENCY;
  /**
   * What the order's payments had received at the latest `payment.completed` (amounts less
   * refunds, tips aside), as payments reported it; orders compares it with its own total.
   */
  paidCents = 0;
  /**
   * The log sequence of the `payment.completed` that `paidCents` comes from. One order's payment
   * events are appended under one lock, so a higher sequence is a later settlement: an earlier
   * one handled late (two replicas, a page of the log handed out again) is out of date.
   */
  paidAsOfSeq = '0';
  version = 1;
  readonly createdAt = new Date();
  updatedAt = new Date();

  constructor(tenant: Tenant, fields: { tableId?: string | null; serverId?: string | null }) {
    this.restaurantId = tenant.restaurantId;
    this.environment = tenant.environment;
    this.tableId = fields.tableId ?? null;
    this.serverId = fields.serverId ?? null;
  }

  tenant(): Tenant {
    return { restaurantId: this.restaurantId, environment: this.environment };
  }

  /** Position for the next item, so items keep the order in which they were added. */
  nextPosition(): number {
    return this.items.getItems().reduce((max, item) => Math.max(max, item.position), -1) + 1;
  }

  /** Whether payments have covered the total (an order with nothing to pay is not settled). */
  isSettled(): boolean {
    return this.paidCents > 0 && this.paidCents >= this.totalCents;
  }

  /** Recomputes the totals from the items. */
  reprice(): void {
    const totals = priceOrder(
      this.items.getItems().map((item) => ({
        quantity: item.quantity,
        unitPriceCents: item.unitPriceCents,
        taxRateBasisPoints: item.taxRateBasisPoints,
        cancelled: item.status === 'cancelled',
      })),
    );
    this.subtotalCents = totals.subtotalCents;
    this.taxCents = totals.taxCents;
    this.totalCents = totals.totalCents;
  }

  /** Re-prices and records one more version of the order. */
  touch(now = new Date()): void {
    this.reprice();
    this.version += 1;
    this.updatedAt = now;
  }
}

export const OrderSchema = new EntitySchema<Order>({
  class: Order,
  tableName: 'orders',
  properties: {
    id: { type: 'string', columnType: 'text', primary: true },
    restaurantId: { type: 'string', columnType: 'text' },
    environment: { type: 'string', columnType: 'text' },
    status: { enum: true, items: () => [...ORDER_STATUSES] },
    tableId: { type: 'string', columnType: 'text', nullable: true },
    serverId: { type: 'string', columnType: 'text', nullable: true },
    items: {
      kind: '1:m',
      entity: 'OrderItem',
      mappedBy: 'order',
      orderBy: { position: 'asc' },
      orphanRemoval: true,
    },
    subtotalCents: { type: 'integer' },
    taxCents: { type: 'integer' },
    totalCents: { type: 'integer' },
    currency: { type: 'string', columnType: 'text' },
    paidCents: { type: 'integer', default: 0 },
    paidAsOfSeq: { type: new BigIntType('string'), default: 0 },
    version: { type: 'integer' },
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date' },
  },
  indexes: [
    {
      name: 'orders_tenant_status_idx',
      properties: ['restaurantId', 'environment', 'status', 'id'],
    },
  ],
});
