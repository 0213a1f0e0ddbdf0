import {
  bootTestPlatform,
  type TestPlatform,
  type TestTenant,
} from '../../../test/support/test-platform';
import { ITEM_ID } from './inventory-fixtures';

let platform: TestPlatform;
let tenant: TestTenant;

beforeAll(async () => {
  platform = await bootTestPlatform();
  tenant = await platform.tenant({ stock: true });
});
afterAll(() => platform?.stop());

describe('inventory through GraphQL', () => {
  it('the demo restaurant has a recipe for every item of its menu', async () => {
    const answer = await tenant.graphql(
      '{ menuItems { id available portionsLeft recipe { item { sku unit } quantity } } }',
    );
    expect(answer.body.errors).toBeUndefined();
    const items = answer.body.data.menuItems;
    expect(items.length).toBeGreaterThanOrEqual(18);
    for (const item of items) {
      expect({ id: item.id, hasRecipe: item.recipe.length > 0 }).toEqual({
        id: item.id,
        hasRecipe: true,
      });
      expect(item.available).toBe(true);
      expect(item.portionsLeft).toBeGreaterThan(0);
    }
    const burger = items.find((item: any) => item.id === 'burger_1');
    expect(burger.recipe).toEqual(
      expect.arrayContaining([
        { item: { sku: 'beef_patty', unit: 'unit' }, quantity: 1 },
        { item: { sku: 'burger_bun', unit: 'unit' }, quantity: 1 },
        { item: { sku: 'cheddar', unit: 'g' }, quantity: 30 },
      ]),
    );
  });

  it('creates items, sets recipes, and pages items', async () => {
    const created = await tenant.graphql(
      `mutation ($input: CreateInventoryItemInput!) { createInventoryItem(input: $input) {
          id sku name unit quantity lowStockThreshold lowStock movements { type quantity } } }`,
      {
        input: {
          sku: 'truffle',
          name: 'Truffe noire',
          unit: 'g',
          quantity: 250.5,
          lowStockThreshold: 50,
        },
      },
    );
    expect(created.body.data.createInventoryItem).toEqual({
      id: expect.stringMatching(ITEM_ID),
      sku: 'truffle',
      name: 'Truffe noire',
      unit: 'g',
      quantity: 250.5,
      lowStockThreshold: 50,
      lowStock: false,
      movements: [{ type: 'RECEIPT', quantity: 250.5 }],
    });
    const id = created.body.data.createInventoryItem.id;

    const duplicate = await tenant.graphql(
      `mutation { createInventoryItem(input: { sku: "truffle", name: "Again", unit: "g" }) { id } }`,
    );
    expect(duplicate.body.errors[0].extensions.code).toBe('CONFLICT');
    const badUnit = await tenant.graphql(
      `mutation { createInventoryItem(input: { name: "Sel", unit: "pinch" }) { id } }`,
    );
    expect(badUnit.body.errors[0].extensions).toMatchObject({
      code: 'INVALID_FIELD',
      details: [{ field: 'unit' }],
    });

    const recipe = await tenant.graphql(
      `mutation ($ingredients: [RecipeLineInput!]!) {
          setRecipe(menuItemId: "burger_1", ingredients: $ingredients) { item { id } quantity } }`,
      { ingredients: [{ itemId: id, quantity: 12.5 }] },
    );
    expect(recipe.body.data.setRecipe).toEqual([{ item: { id }, quantity: 12.5 }]);
    const burger = await tenant.graphql(
      '{ menuItem(id: "burger_1") { available portionsLeft recipe { item { id } quantity } } }',
    );
    // The demo's burger recipe (patty, bun, cheddar, onion) is replaced, not added to.
    expect(burger.body.data.menuItem).toEqual({
      available: true,
      portionsLeft: 20,
      recipe: [{ item: { id }, quantity: 12.5 }],
    });
    const unknown = await tenant.graphql(
      `mutation { setRecipe(menuItemId: "burger_1",
          ingredients: [{ itemId: "inv_00000000000000000000000000", quantity: 1 }]) { quantity } }`,
    );
    expect(unknown.body.errors[0].extensions.code).toBe('UNKNOWN_INVENTORY_ITEM');
    expect(
      (await tenant.graphql('{ menuItem(id: "burger_1") { portionsLeft } }')).body.data,
    ).toEqual({ menuItem: { portionsLeft: 20 } });

    const page = await tenant.graphql(
      `{ inventoryItems(first: 2, search: "truffe") { nodes { id } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(page.body.data.inventoryItems).toEqual({
      nodes: [{ id }],
      pageInfo: { hasNextPage: false, endCursor: id },
    });
  });

  it("shows the menu's own `active` beside the stock-aware `available`", async () => {
    // `available` is resolved by inventory from the menu's `active` (@requires) and the stock.
    const answer = await tenant.graphql('{ menuItem(id: "cafe") { active available } }');
    expect(answer.body.data.menuItem).toEqual({ active: true, available: true });
  });
});
