import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError } from '../../../platform/src/errors';
import {
  columnValues,
  insertStatement,
  updateStatement,
  type ColumnValues,
  type EntityMapping,
} from '../../../platform/src/database/entity-statements';
import { eventStatement, recordEvent, type NewEvent } from '../../../platform/src/events/event-log';
import type { SqlQuery } from '../../../platform/src/tenancy/tenant-database';
import { formatInstant } from '../../../platform/src/graphql/scalars';
import { InventoryItem } from './entities/inventory-item.entity';
import { StockMovement, type MovementFields } from './entities/stock-movement.entity';
import { fromMilli } from './quantity';

/**
 * The stock items' table. Every change of stock locks its items' rows first, in id order
 * (`lockedRowQuery`, `lockedRowsQuery`), so that two changes of the same items never deadlock:
 * forty movements at once queue on the row and each sees the one before it.
 */
export const ITEMS = 'inventory.inventory_items';

/** The item as an event carries it: quantities as decimals of its unit, names in snake_case. */
export function itemSnapshot(item: InventoryItem) {
  return {
    item_id: item.id,
    sku: item.sku,
    name: item.name,
    unit: item.unit,
    quantity: fromMilli(item.quantityMilli),
    low_stock_threshold: fromMilli(item.lowStockThresholdMilli),
    low_stock: item.isLowStock(),
    low_stock_since: item.lowStockSince ? formatInstant(item.lowStockSince) : null,
    created_at: formatInstant(item.createdAt),
    updated_at: formatInstant(item.updatedAt),
  };
}

/**
 * Applies one movement to a locked item: the movement for the ledger and, when the stock falls
 * to the item's threshold, `inventory.low_stock`. Refuses with INSUFFICIENT_STOCK what would
 * take the stock below zero. Writes nothing: `writeMovement` and `movementStatements` do.
 */
export function applyMovement(
  item: InventoryItem,
  fields: MovementFields,
): { movement: StockMovement; event: NewEvent | null } {
  if (item.quantityMilli + fields.deltaMilli < 0) {
    throw new DomainError(
      'INSUFFICIENT_STOCK',
      `Only ${fromMilli(item.quantityMilli)} ${item.unit} of '${item.name}' in stock`,
      {
        item_id: item.id,
        available: fromMilli(item.quantityMilli),
        requested: fromMilli(-fields.deltaMilli),
      },
    );
  }
  const alert = item.applyDelta(fields.deltaMilli);
  const movement = new StockMovement(item, fields);
  const event: NewEvent | null =
    alert === 'raised'
      ? {
          type: 'inventory.low_stock',
          tenant: item.tenant(),
          aggregate: { type: 'inventory_item', id: item.id },
          payload: { item: itemSnapshot(item), movement_id: movement.id },
        }
      : null;
  return { movement, event };
}

/**
 * `applyMovement` to a locked item, written to the ledger through the unit of work in the
 * caller's transaction (with its event, when the stock falls to the threshold).
 */
export async function writeMovement(
  em: EntityManager,
  item: InventoryItem,
  fields: MovementFields,
): Promise<StockMovement> {
  const { movement, event } = applyMovement(item, fields);
  em.persist(movement);
  await em.flush();
  if (event) await recordEvent(em, event);
  return movement;
}

/**
 * Movements of items locked and read by `lockThenWrite` (unmanaged), applied one after the
 * other (`applyMovement`: each sees the level the one before left), then written as statements
 * of one message: each item's new level once, the movements, and the low-stock events.
 */
export class MovementBatch {
  /** Each item moved, with its columns before the first of its movements. */
  private readonly before = new Map<InventoryItem, ColumnValues>();
  private readonly movements: StockMovement[] = [];
  private readonly events: NewEvent[] = [];

  constructor(private readonly mapping: EntityMapping) {}

  add(item: InventoryItem, fields: MovementFields): StockMovement {
    if (!this.before.has(item)) this.before.set(item, columnValues(this.mapping, item));
    const { movement, event } = applyMovement(item, fields);
    this.movements.push(movement);
    if (event) this.events.push(event);
    return movement;
  }

  statements(): (SqlQuery | null)[] {
    return [
      ...[...this.before].map(([item, before]) => updateStatement(this.mapping, item, before)),
      ...this.movements.map((movement) => insertStatement(this.mapping, movement)),
      ...this.events.map(eventStatement),
    ];
  }
}

/** One movement of one locked item, as a `MovementBatch` of one. */
export function movementStatements(
  mapping: EntityMapping,
  item: InventoryItem,
  fields: MovementFields,
): { movement: StockMovement; statements: (SqlQuery | null)[] } {
  const batch = new MovementBatch(mapping);
  const movement = batch.add(item, fields);
  return { movement, statements: batch.statements() };
}
