import type { TenantDatabase } from '../../../platform/src/tenancy/tenant-database';
import { DEMO_RECIPES, DEMO_STOCK } from './demo-stock';
import { InventoryItem } from './entities/inventory-item.entity';
import { RecipeLine } from './entities/recipe-line.entity';
import { StockMovement } from './entities/stock-movement.entity';
import { toMilli } from './quantity';
import { writeMovement } from './stock-ledger';

const milli = (value: number) => {
  const result = toMilli(value);
  if (result === undefined) throw new RangeError(`demo quantity ${value} has too many decimals`);
  return result;
};

/**
 * Gives a tenant the demo brasserie's stock and a recipe for every item of its menu. Idempotent:
 * items are matched by sku and a menu item that has a recipe keeps it. Answers how many stock
 * items were added.
 */
export async function seedDemoStock(db: TenantDatabase): Promise<number> {
  // One flush for everything: the seed runs when a restaurant is made, and a long write
  // transaction would hold back every event-log reader meanwhile.
  return db.transaction(async (em) => {
    const existing = new Map(
      (await em.find(InventoryItem, { sku: { $ne: null } })).map((item) => [item.sku!, item]),
    );
    const added: InventoryItem[] = [];
    for (const fields of DEMO_STOCK) {
      if (existing.has(fields.sku)) continue;
      const item = new InventoryItem(db.tenant, {
        sku: fields.sku,
        name: fields.name,
        unit: fields.unit,
        lowStockThresholdMilli: milli(fields.lowStockThreshold),
      });
      // The demo's opening stock is above every threshold: no alert to raise.
      if (item.applyDelta(milli(fields.quantity))) {
        throw new RangeError(`demo stock of ${fields.sku} opens at or under its threshold`);
      }
      em.persist([
        item,
        new StockMovement(item, {
          type: 'receipt',
          deltaMilli: item.quantityMilli,
          reason: 'opening stock',
        }),
      ]);
      existing.set(fields.sku, item);
      added.push(item);
    }
    const withRecipe = new Set(
      (await em.find(RecipeLine, {}, { fields: ['menuItemId'] })).map((line) => line.menuItemId),
    );
    for (const [menuItemId, ingredients] of Object.entries(DEMO_RECIPES)) {
      if (withRecipe.has(menuItemId)) continue;
      for (const [sku, quantity] of Object.entries(ingredients)) {
        em.persist(new RecipeLine(menuItemId, existing.get(sku)!, milli(quantity)));
      }
    }
    await em.flush();
    return added.length;
  });
}

/** The sandbox's item running low: under its threshold of 3 kg, so alerts can be tried. */
export const DEMO_LOW_STOCK = { sku: 'mussels', quantity: 2, reason: 'livraison en retard' };

/**
 * Counts the demo's low item under its threshold, as a stock count would: the movement is in
 * the ledger and `inventory.low_stock` is raised. Answers the item's id (null without it).
 */
export async function seedDemoLowStock(db: TenantDatabase): Promise<string | null> {
  return db.transaction(async (em) => {
    const item = await em.findOne(InventoryItem, { sku: DEMO_LOW_STOCK.sku });
    if (!item) return null;
    const deltaMilli = milli(DEMO_LOW_STOCK.quantity) - item.quantityMilli;
    if (deltaMilli < 0) {
      await writeMovement(em, item, {
        type: 'adjustment',
        deltaMilli,
        reason: DEMO_LOW_STOCK.reason,
      });
    }
    return item.id;
  });
}
