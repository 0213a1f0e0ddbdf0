import { EntitySchema } from '@mikro-orm/postgresql';
import { UNREAD_TABLE_COMMENT } from '../../../../platform/src/database/tenant-change-notification';
import type { Environment } from '../../../../platform/src/tenancy/tenant';

/**
 * The newest version of an order whose stock has been reconciled. Order events can reach the
 * stock consumer out of order (two replicas each handling a page of the log, a page handed out
 * again after a crash): an event older than this one describes items as they no longer are, and
 * is skipped rather than undo what the newer one did. Written only by the reconciler, in SQL.
 */
export class OrderStockVersion {
  constructor(
    readonly restaurantId: string,
    readonly environment: Environment,
    readonly orderId: string,
    readonly version: number,
    readonly updatedAt = new Date(),
  ) {}
}

export const OrderStockVersionSchema = new EntitySchema<OrderStockVersion>({
  class: OrderStockVersion,
  tableName: 'order_stock_versions',
  // No change notification: no answer reads it (see Migration20261127051500OrderStockVersionsUnread).
  comment: UNREAD_TABLE_COMMENT,
  properties: {
    restaurantId: { type: 'string', columnType: 'text', primary: true },
    environment: { type: 'string', columnType: 'text', primary: true },
    orderId: { type: 'string', columnType: 'text', primary: true },
    version: { type: 'integer' },
    updatedAt: { type: 'Date' },
  },
});
