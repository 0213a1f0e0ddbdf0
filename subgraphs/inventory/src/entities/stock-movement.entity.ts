import { BigIntType, EntitySchema } from '@mikro-orm/postgresql';
import { newId } from '../../../../platform/src/ids';
import type { Environment, Role } from '../../../../platform/src/tenancy/tenant';
import type { InventoryItem } from './inventory-item.entity';

export const MOVEMENT_TYPES = ['receipt', 'sale', 'waste', 'adjustment', 'transfer'] as const;
export type MovementType = (typeof MOVEMENT_TYPES)[number];

export interface MovementFields {
  type: MovementType;
  /** The signed change of stock, in thousandths. */
  deltaMilli: number;
  reason?: string | null;
  actor?: { keyId: string; role: Role } | null;
  /**
   * What caused a movement made by the platform, unique per tenant: a replayed event finds its
   * movement already written and writes nothing (`sale:<order item>:<stock item>`).
   */
  sourceKey?: string | null;
  orderId?: string | null;
  orderItemId?: string | null;
}

/** One line of an item's ledger; never changed once written. */
export class StockMovement {
  readonly id = newId('movement');
  readonly restaurantId: string;
  readonly environment: Environment;
  readonly type: MovementType;
  readonly deltaMilli: number;
  readonly quantityAfterMilli: number;
  readonly reason: string | null;
  readonly actorKeyId: string | null;
  readonly actorRole: string | null;
  readonly sourceKey: string | null;
  readonly orderId: string | null;
  readonly orderItemId: string | null;
  readonly createdAt = new Date();

  constructor(
    readonly item: InventoryItem,
    fields: MovementFields,
  ) {
    this.restaurantId = item.restaurantId;
    this.environment = item.environment;
    this.type = fields.type;
    this.deltaMilli = fields.deltaMilli;
    this.quantityAfterMilli = item.quantityMilli;
    this.reason = fields.reason ?? null;
    this.actorKeyId = fields.actor?.keyId ?? null;
    this.actorRole = fields.actor?.role ?? null;
    this.sourceKey = fields.sourceKey ?? null;
    this.orderId = fields.orderId ?? null;
    this.orderItemId = fields.orderItemId ?? null;
  }
}

export const StockMovementSchema = new EntitySchema<StockMovement>({
  class: StockMovement,
  tableName: 'stock_movements',
  properties: {
    id: { type: 'string', columnType: 'text', primary: true },
    item: { kind: 'm:1', entity: 'InventoryItem', deleteRule: 'cascade', updateRule: 'cascade' },
    restaurantId: { type: 'string', columnType: 'text' },
    environment: { type: 'string', columnType: 'text' },
    type: { enum: true, items: () => [...MOVEMENT_TYPES] },
    deltaMilli: { type: new BigIntType('number') },
    quantityAfterMilli: { type: new BigIntType('number') },
    reason: { type: 'string', columnType: 'text', nullable: true },
    actorKeyId: { type: 'string', columnType: 'text', nullable: true },
    actorRole: { type: 'string', columnType: 'text', nullable: true },
    sourceKey: { type: 'string', columnType: 'text', nullable: true },
    orderId: { type: 'string', columnType: 'text', nullable: true },
    orderItemId: { type: 'string', columnType: 'text', nullable: true },
    createdAt: { type: 'Date' },
  },
  uniques: [
    {
      name: 'stock_movements_tenant_source_unique',
      properties: ['restaurantId', 'environment', 'sourceKey'],
    },
  ],
  indexes: [
    { name: 'stock_movements_item_idx', properties: ['item', 'id'] },
    { name: 'stock_movements_order_idx', properties: ['restaurantId', 'environment', 'orderId'] },
  ],
  checks: [
    { name: 'stock_movements_quantity_after_check', expression: 'quantity_after_milli >= 0' },
  ],
});
