import { bootTestPlatform, type TestPlatform } from '../../../test/support/test-platform';
import { newItem } from './inventory-fixtures';

/**
 * A restaurant that counts no stock (no recipe) is never short of it; the process keeps that it
 * counts none (`StockCounting`), until a change to its stock rows is notified.
 */
let platform: TestPlatform;

beforeAll(async () => {
  platform = await bootTestPlatform();
});
afterAll(async () => {
  await platform?.stop();
});

const BURGER = { items: [{ menu_item_id: 'burger_1', quantity: 1 }] };

it('checks the orders of a restaurant against its stock from its first recipe on', async () => {
  const tenant = await platform.tenant();
  // No recipe: nothing limits the burger (and the process now keeps that it counts no stock).
  expect((await tenant.rest('POST', '/orders', BURGER)).status).toBe(201);
  expect((await tenant.rest('POST', '/orders', BURGER)).status).toBe(201);

  // A first recipe: a burger takes 2 of an item of which there is 1.
  const patty = await newItem(tenant, { quantity: 1, name: 'Steak haché' });
  const recipe = await tenant.graphql(
    `mutation ($ingredients: [RecipeLineInput!]!) {
      setRecipe(menuItemId: "burger_1", ingredients: $ingredients) { quantity } }`,
    { ingredients: [{ itemId: patty, quantity: 2 }] },
  );
  expect(recipe.body.data.setRecipe).toEqual([{ quantity: 2 }]);

  // At once (the process that set the recipe reads again whether stock counts), stock refuses
  // the burger; nothing else does.
  const refused = await tenant.rest('POST', '/orders', BURGER);
  expect(refused.status).toBe(422);
  expect(refused.body.error.code).toBe('item_unavailable');
  expect(refused.body.error.message).toBe('Stock cannot cover this order');
  const fries = await tenant.rest('POST', '/orders', {
    items: [{ menu_item_id: 'fries_regular', quantity: 1 }],
  });
  expect(fries.status).toBe(201);
});
