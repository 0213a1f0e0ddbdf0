import { BigIntType, EntitySchema } from '@mikro-orm/postgresql';
import { newId } from '../../../../platform/src/ids';
import type { Environment, Tenant } from '../../../../platform/src/tenancy/tenant';

export const UNITS = ['unit', 'g', 'kg', 'ml', 'l'] as const;
export type Unit = (typeof UNITS)[number];

export function isUnit(value: unknown): value is Unit {
  return typeof value === 'string' && (UNITS as readonly string[]).includes(value);
}

export interface InventoryItemFields {
  sku?: string | null;
  name: string;
  unit: Unit;
  /** Low-stock threshold in thousandths of the unit. */
  lowStockThresholdMilli?: number;
}

/** What a change of stock did to the item's alert: raised it, cleared it, or nothing. */
export type AlertChange = 'raised' | 'cleared' | null;

/**
 * One stock item of a restaurant. `quantityMilli` is the sum of the item's movements, kept in
 * the row so that a movement is one locked update; it never goes below zero.
 */
export class InventoryItem {
  readonly id = newId('inventoryItem');
  readonly restaurantId: string;
  readonly environment: Environment;
  sku: string | null;
  name: string;
  unit: Unit;
  quantityMilli = 0;
  lowStockThresholdMilli: number;
  /** Set when the quantity falls to the threshold or below, cleared when it rises above it. */
  lowStockSince: Date | null = null;
  readonly createdAt = new Date();
  updatedAt = new Date();

  constructor(tenant: Tenant, fields: InventoryItemFields) {
    const threshold = fields.lowStockThresholdMilli ?? 0;
    if (!Number.isSafeInteger(threshold) || threshold < 0) {
      throw new RangeError('a low-stock threshold is zero or more');
    }
    this.restaurantId = tenant.restaurantId;
    this.environment = tenant.environment;
    this.sku = fields.sku ?? null;
    this.name = fields.name;
    this.unit = fields.unit;
    this.lowStockThresholdMilli = threshold;
  }

  isLowStock(): boolean {
    return this.quantityMilli <= this.lowStockThresholdMilli;
  }

  /**
   * Applies a change of stock and says whether it crossed the threshold: the alert is raised
   * once on the way down and re-armed only by a rise above the threshold.
   */
  applyDelta(deltaMilli: number, now = new Date()): AlertChange {
    const next = this.quantityMilli + deltaMilli;
    if (!Number.isSafeInteger(next) || next < 0) throw new RangeError('stock cannot go below zero');
    this.quantityMilli = next;
    this.updatedAt = now;
    if (this.isLowStock() && !this.lowStockSince) {
      this.lowStockSince = now;
      return 'raised';
    }
    if (!this.isLowStock() && this.lowStockSince) {
      this.lowStockSince = null;
      return 'cleared';
    }
    return null;
  }

  tenant(): Tenant {
    return { restaurantId: this.restaurantId, environment: this.environment };
  }
}

export const InventoryItemSchema = new EntitySchema<InventoryItem>({
  class: InventoryItem,
  tableName: 'inventory_items',
  properties: {
    id: { type: 'string', columnType: 'text', primary: true },
    restaurantId: { type: 'string', columnType: 'text' },
    environment: { type: 'string', columnType: 'text' },
    sku: { type: 'string', columnType: 'text', nullable: true },
    name: { type: 'string', columnType: 'text' },
    unit: { enum: true, items: () => [...UNITS] },
    quantityMilli: { type: new BigIntType('number') },
    lowStockThresholdMilli: { type: new BigIntType('number') },
    lowStockSince: { type: 'Date', nullable: true },
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date' },
  },
  uniques: [
    {
      name: 'inventory_items_tenant_sku_unique',
      properties: ['restaurantId', 'environment', 'sku'],
    },
  ],
  indexes: [
    {
      name: 'inventory_items_tenant_idx',
      properties: ['restaurantId', 'environment', 'id'],
    },
  ],
  checks: [
    { name: 'inventory_items_quantity_check', expression: 'quantity_milli >= 0' },
    { name: 'inventory_items_threshold_check', expression: 'low_stock_threshold_milli >= 0' },
  ],
});
