import { InventoryItem } from './entities/inventory-item.entity';
import { RecipeLine } from './entities/recipe-line.entity';
import { findShortages, portionsLeft } from './stock-coverage';

const tenant = { restaurantId: 'rst_test', environment: 'sandbox' as const };

function stock(name: string, quantityMilli: number) {
  const item = new InventoryItem(tenant, { name, unit: 'g' });
  item.applyDelta(quantityMilli);
  return item;
}

describe('portions and shortages', () => {
  const cheese = stock('cheese', 100_000); // 100 g
  const bread = stock('bread', 3_000); // 3 slices
  const recipes = new Map([
    ['soup', [new RecipeLine('soup', cheese, 40_000)]],
    ['croque', [new RecipeLine('croque', cheese, 40_000), new RecipeLine('croque', bread, 2_000)]],
  ]);

  it('counts the portions the scarcest ingredient allows; none without a recipe', () => {
    expect(portionsLeft(recipes.get('soup')!)).toBe(2);
    expect(portionsLeft(recipes.get('croque')!)).toBe(1);
    expect(portionsLeft([])).toBeNull();
  });

  it('adds up what several lines take from one item before comparing with the stock', () => {
    expect(findShortages([{ menuItemId: 'soup', quantity: 2 }], recipes)).toEqual([]);
    expect(
      findShortages(
        [
          { menuItemId: 'soup', quantity: 2 },
          { menuItemId: 'croque', quantity: 1 },
          { menuItemId: 'no_recipe', quantity: 999 },
        ],
        recipes,
      ),
    ).toEqual([
      {
        item: cheese,
        neededMilli: 120_000,
        availableMilli: 100_000,
        menuItemIds: ['soup', 'croque'],
      },
    ]);
  });
});

describe('low-stock alert of an item', () => {
  it('is raised once on the way down to the threshold, and re-armed only above it', () => {
    const item = new InventoryItem(tenant, {
      name: 'milk',
      unit: 'l',
      lowStockThresholdMilli: 4_000,
    });
    expect(item.applyDelta(10_000)).toBeNull();
    expect(item.applyDelta(-6_000)).toBe('raised'); // 4: at the threshold
    expect(item.applyDelta(-1_000)).toBeNull(); // 3
    expect(item.applyDelta(1_000)).toBeNull(); // 4: still at it
    expect(item.applyDelta(1_000)).toBe('cleared'); // 5
    expect(item.applyDelta(-2_000)).toBe('raised'); // 3
  });

  it('never goes below zero', () => {
    const item = new InventoryItem(tenant, { name: 'salt', unit: 'kg' });
    expect(() => item.applyDelta(-1)).toThrow(RangeError);
    expect(item.quantityMilli).toBe(0);
  });
});
