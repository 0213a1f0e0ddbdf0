import { Client } from 'pg';
import { eventually, listeningBackends } from '../../../test/support/eventually';
import {
  bootTestPlatform,
  type TestPlatform,
  type TestTenant,
} from '../../../test/support/test-platform';

/**
 * The menu kept by the process between requests (`TenantSchemaCache` in MenuService): every
 * order reads it, and a change to it is seen once PostgreSQL's notification of the commit is
 * heard, whoever made it.
 */
let platform: TestPlatform;
let sql: Client;
let tenant: TestTenant;

beforeAll(async () => {
  platform = await bootTestPlatform();
  sql = new Client({ connectionString: platform.platform.databaseUrl });
  await sql.connect();
  tenant = await platform.tenant();
});
afterAll(async () => {
  await sql?.end();
  await platform?.stop();
});

const PRICE = /* GraphQL */ `
  query Price($id: ID!) {
    menuItem(id: $id) {
      price {
        amount
      }
      available
    }
  }
`;

/** The burger as the menu subgraph answers it now, past the gateway's own read cache. */
async function burger(): Promise<{ price: number; available: boolean }> {
  const answer = await platform.request('POST', '/graphql', {
    body: { query: PRICE, variables: { id: 'burger_1' } },
    headers: { authorization: `Bearer ${tenant.token}`, 'cache-control': 'no-cache' },
  });
  const item = answer.body.data.menuItem;
  return { price: item.price.amount, available: item.available };
}

/** A change behind the platform's back, as an operator's SQL or another replica would make it. */
const setBurger = (priceCents: number, active = true) =>
  sql.query(
    `update menu.menu_items set price_cents = $3, active = $4
      where restaurant_id = $1 and environment = $2 and code = 'burger_1'`,
    [tenant.restaurantId, tenant.environment, priceCents, active],
  );

const BURGER_ONLY = { items: [{ menu_item_id: 'burger_1', quantity: 1 }] };
const orderBurger = () => tenant.rest('POST', '/orders', BURGER_ONLY);

it('prices the next orders at a price changed behind its back, once the commit is heard of', async () => {
  const before = await orderBurger();
  expect(before.status).toBe(201);
  await setBurger(1_234);
  expect(await eventually(burger, (item) => item.price === 12.34)).toEqual({
    price: 12.34,
    available: true,
  });
  const after = await orderBurger();
  expect(after.status).toBe(201);
  expect(after.body.items[0].unit_price).toBe(12.34);
  expect(after.body.items[0].unit_price).not.toBe(before.body.items[0].unit_price);
});

it('refuses an item taken off the menu behind its back', async () => {
  expect((await orderBurger()).status).toBe(201);
  await setBurger(1_234, false);
  expect(await eventually(burger, (item) => !item.available)).toEqual({
    price: 12.34,
    available: false,
  });
  const refused = await orderBurger();
  expect(refused.status).toBe(422);
  await setBurger(1_234, true);
  expect((await eventually(burger, (item) => item.available)).available).toBe(true);
});

it("takes an order for the sample menu's items at once after loading it", async () => {
  const empty = await platform.tenant({ menu: false });
  // Its empty menu is read, and kept.
  expect((await empty.rest('POST', '/orders', BURGER_ONLY)).status).toBe(422);
  const loaded = await empty.graphql('mutation { loadSampleMenu }');
  expect(loaded.body.data.loadSampleMenu).toBeGreaterThan(10);
  // No wait for the notification: the menu service read again after its own change.
  expect((await empty.rest('POST', '/orders', BURGER_ONLY)).status).toBe(201);
});

it('keeps no menu it could have missed news of while its notifications were cut', async () => {
  expect((await burger()).price).toBe(12.34);
  const before = await listeningBackends(sql);
  expect(before.length).toBeGreaterThan(0);
  await sql.query('select pg_terminate_backend(pid) from unnest($1::int[]) as pid', [before]);
  // Committed while nobody listens: its notification is lost for good.
  await setBurger(2_000);
  const back = await eventually(
    async () => (await listeningBackends(sql)).some((pid) => !before.includes(pid)),
    (done) => done,
    15_000,
  );
  expect(back).toBe(true);
  // Back: the menu kept before the cut is read again, the lost change with it.
  expect(await eventually(burger, (item) => item.price === 20, 2_000)).toEqual({
    price: 20,
    available: true,
  });
});
