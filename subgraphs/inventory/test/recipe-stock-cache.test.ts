import { Client, Pool } from 'pg';
import { eventually } from '../../../test/support/eventually';
import { traceRequests, type RequestTrace } from '../../../test/support/request-trace';
import { requestWithMessages } from '../../../test/support/request-messages';
import { settledEvents } from '../../../test/support/settled-events';
import {
  bootTestPlatform,
  testDatabaseUrl,
  type TestPlatform,
  type TestTenant,
} from '../../../test/support/test-platform';
import { OrderStockReconciler } from '../src/order-stock';
import { stockBySku } from './inventory-fixtures';

/**
 * The recipes and stock of the menu items read, kept by the process per tenant and set of items
 * (`RecipeStock` in InventoryService) until a change to the tenant's stock: a kitchen display
 * polling its orders' availability asks PostgreSQL nothing for it between two sales. Its own
 * writes are read at once; anyone else's once their notification is heard.
 */
let platform: TestPlatform;
let trace: RequestTrace;
let sql: Client;
let tenant: TestTenant;

beforeAll(async () => {
  platform = await bootTestPlatform();
  trace = traceRequests(platform.platform.gateway!.app.server);
  sql = new Client({ connectionString: platform.platform.databaseUrl });
  await sql.connect();
  tenant = await platform.tenant({ stock: true });
});
afterAll(async () => {
  trace?.stop();
  await sql?.end();
  await platform?.stop();
});

const PORTIONS = /* GraphQL */ `
  query Portions {
    burger: menuItem(id: "burger_1") {
      available
      portionsLeft
    }
  }
`;

/** The burger's portions left, past the gateway's read cache, and the stock messages it cost. */
async function burgerPortions(): Promise<{ portions: number; stockMessages: number }> {
  const { answer, messages } = await requestWithMessages(
    platform,
    trace,
    'POST',
    '/graphql',
    {
      body: { query: PORTIONS },
      headers: { authorization: `Bearer ${tenant.token}`, 'cache-control': 'no-cache' },
    },
    (text) => /inventory\./.test(text),
  );
  expect(answer.body.errors).toBeUndefined();
  return { portions: answer.body.data.burger.portionsLeft, stockMessages: messages.length };
}

/** The tenant's events, once every consumer has handled them. */
async function eventsOf(of: TestTenant) {
  const pool = new Pool({ connectionString: testDatabaseUrl(), max: 1 });
  try {
    return await settledEvents(pool, {
      restaurantId: of.restaurantId,
      environment: of.environment,
    });
  } finally {
    await pool.end();
  }
}

/** Sets a stock item's level behind the platform's back, as an operator's SQL would. */
const setPatties = (count: number) =>
  sql.query(
    `update inventory.inventory_items set quantity_milli = $3
      where restaurant_id = $1 and environment = $2 and sku = 'beef_patty'`,
    [tenant.restaurantId, tenant.environment, count * 1000],
  );

it('reads the stock of the same items from PostgreSQL once between two changes', async () => {
  // The first read learns whether the restaurant counts stock, the next keeps its recipes.
  const first = await burgerPortions();
  expect(first.stockMessages).toBeGreaterThan(0);
  const kept = await eventually(burgerPortions, ({ stockMessages }) => stockMessages === 0);
  expect(await burgerPortions()).toEqual({ portions: first.portions, stockMessages: 0 });
  expect(kept.portions).toBe(first.portions);

  // A movement through the API is read by the next request. (Its notification usually arrives
  // first here; kept-stock.test.ts shows that the service's own news suffices without it.)
  const patty = (await stockBySku(tenant)).get('beef_patty');
  await setPatties(40);
  const forty = await eventually(burgerPortions, ({ portions }) => portions === 40);
  const wasted = await tenant.rest('POST', '/inventory/movements', {
    item_id: patty.item_id,
    type: 'waste',
    quantity: 5,
  });
  expect(wasted.status).toBe(201);
  const afterWaste = await burgerPortions();
  expect(afterWaste.portions).toBe(forty.portions - 5);
  expect(afterWaste.stockMessages).toBeGreaterThan(0);
  // The movement's notification, heard afterwards, has the next read load once more; then kept.
  const settled = await eventually(burgerPortions, ({ stockMessages }) => stockMessages === 0);
  expect(settled.portions).toBe(forty.portions - 5);
});

it('sees a change made behind its back once its notification is heard', async () => {
  await setPatties(12);
  expect((await eventually(burgerPortions, ({ portions }) => portions === 12)).portions).toBe(12);
  await setPatties(3);
  expect((await eventually(burgerPortions, ({ portions }) => portions === 3)).portions).toBe(3);
  await setPatties(40);
  await eventually(burgerPortions, ({ portions }) => portions === 40);
});

it('tells its process of the stock an order took, once committed', async () => {
  const created = await tenant.rest('POST', '/orders', {
    items: [{ menu_item_id: 'burger_1', quantity: 2 }],
  });
  expect(created.status).toBe(201);
  const event = (await eventsOf(tenant)).find(
    (one) => one.type === 'order.created' && one.aggregateId === created.body.order_id,
  )!;
  // The platform's consumer took the stock already; handled again, the event writes nothing
  // new, but its reconciling transaction committed and the process's caches hear of it.
  const told: unknown[] = [];
  const reconciler = new OrderStockReconciler(
    platform.platform.orms.inventory!,
    undefined,
    async (changed) => {
      told.push(changed);
    },
  );
  await reconciler.handle(event);
  expect(told).toEqual([{ restaurantId: tenant.restaurantId, environment: tenant.environment }]);
  expect((await burgerPortions()).portions).toBe(38);

  // An event with nothing at stake (a restaurant counting no stock) commits nothing: no news.
  const plain = await platform.tenant();
  const plainOrder = await plain.rest('POST', '/orders', {
    items: [{ menu_item_id: 'burger_1', quantity: 1 }],
  });
  const plainPool = new Pool({ connectionString: testDatabaseUrl(), max: 1 });
  const plainEvents = await settledEvents(plainPool, {
    restaurantId: plain.restaurantId,
    environment: plain.environment,
  }).finally(() => plainPool.end());
  await reconciler.handle(plainEvents.find((one) => one.aggregateId === plainOrder.body.order_id)!);
  expect(told).toHaveLength(1);
});
