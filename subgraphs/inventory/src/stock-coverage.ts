import type { InventoryItem } from './entities/inventory-item.entity';
import type { RecipeLine } from './entities/recipe-line.entity';

/** A menu item as federation hands it to inventory: its code and, when asked, `active`. */
export interface MenuItemReference {
  id: string;
  active?: boolean;
}

/** A stock item that a basket of menu items needs more of than there is. */
export interface StockShortage {
  item: InventoryItem;
  neededMilli: number;
  availableMilli: number;
  menuItemIds: string[];
}

export interface StockDemand {
  menuItemId: string;
  quantity: number;
}

/** Portions that stock covers for one recipe; null when no recipe ties the item to stock. */
export function portionsLeft(recipe: readonly RecipeLine[]): number | null {
  if (!recipe.length) return null;
  return Math.min(
    ...recipe.map((line) => Math.floor(line.item.quantityMilli / line.quantityMilli)),
  );
}

/**
 * What stock cannot cover in a basket: ingredients shared by several lines (cheese in the
 * burger and in the croque-monsieur) are added up before they are compared with the stock.
 */
export function findShortages(
  demands: readonly StockDemand[],
  recipes: ReadonlyMap<string, readonly RecipeLine[]>,
): StockShortage[] {
  const needs = new Map<string, StockShortage>();
  for (const demand of demands) {
    for (const line of recipes.get(demand.menuItemId) ?? []) {
      const need = needs.get(line.item.id) ?? {
        item: line.item,
        neededMilli: 0,
        availableMilli: line.item.quantityMilli,
        menuItemIds: [],
      };
      need.neededMilli += line.quantityMilli * demand.quantity;
      if (!need.menuItemIds.includes(demand.menuItemId)) need.menuItemIds.push(demand.menuItemId);
      needs.set(line.item.id, need);
    }
  }
  return [...needs.values()].filter((need) => need.neededMilli > need.availableMilli);
}
