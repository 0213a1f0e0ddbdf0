import { execFile } from 'node:child_process';
import path from 'node:path';
import { isDeepStrictEqual, promisify } from 'node:util';
import { Client } from 'pg';
import {
  bootTestPlatform,
  SPEC_ORDER,
  testDatabaseUrl,
  type TestPlatform,
  type TestTenant,
} from '../../test/support/test-platform';
import { TenantDatabase } from '../../platform/src/tenancy/tenant-database';
import { MenuService } from '../../subgraphs/menu/src/menu.service';
import { DEMO_MENU } from '../../subgraphs/menu/src/demo-menu';
import { seedDemoActivity } from '../src/demo-seed';
import { resetSandbox } from '../src/sandbox-reset';
import { eventually } from '../../test/support/eventually';
import { logHead, readEvents } from '../../platform/src/events/event-log-reader';
import { OrderStockReconciler } from '../../subgraphs/inventory/src/order-stock';
import { WebhookFanOut } from '../../subgraphs/webhooks/src';
import { webhookBody } from '../../gateway/src/rest/event-json';

const ROOT = path.resolve(__dirname, '../..');
let platform: TestPlatform;

beforeAll(async () => {
  platform = await bootTestPlatform();
});

afterAll(() => platform?.stop());

const ALL_ORDERS = '[CREATED, IN_PROGRESS, READY, SERVED, PAID, CLOSED, CANCELLED]';
const ALL_BOOKINGS = '[PENDING, CONFIRMED, ARRIVED, SEATED, COMPLETED, CANCELLED, NO_SHOW]';

/** What a tenant's sandbox holds, without ids or times of creation: comparable across resets. */
async function sandboxState(tenant: TestTenant) {
  const answer = await tenant.graphql(`{
    menuItems { id price { cents } available }
    tables { id capacity }
    inventoryItems(first: 100) { nodes { sku quantity lowStock } }
    orders(status: ${ALL_ORDERS}, first: 100) { nodes {
      status tableId serverId total { cents }
      items { menuItemId quantity modifiers status }
      payments { method status amount { cents } } } }
    reservations(status: ${ALL_BOOKINGS}, first: 100) { nodes {
      customerName partySize status startTime tables { id } } }
    webhooks { targetUrl }
  }`);
  expect(answer.body.errors).toBeUndefined();
  const data = answer.body.data;
  const byKey = (key: (value: any) => string) => (a: any, b: any) => key(a).localeCompare(key(b));
  return {
    menu: data.menuItems,
    tables: data.tables,
    stock: [...data.inventoryItems.nodes].sort(byKey((item) => item.sku)),
    orders: [...data.orders.nodes].sort(byKey((order) => `${order.tableId}`)),
    reservations: [...data.reservations.nodes].sort(
      byKey((booking) => `${booking.startTime} ${booking.customerName}`),
    ),
    webhooks: data.webhooks,
  };
}

/** The sandbox's state once an order's burger has been taken from its stock (20 s at most). */
async function stockTaken(tenant: TestTenant, beefBefore: number) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const state = await sandboxState(tenant);
    const beef = state.stock.find((item: any) => item.sku === 'beef_patty').quantity;
    if (beef < beefBefore || Date.now() > deadline) return state;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The beef's stock and its sales, once this order's burger has been taken (20 s at most). The
 * stock and the movements are two queries of one answer: read again once the sale shows, so
 * that both follow the sale's commit.
 */
async function beefMovementsOnceTaken(tenant: TestTenant, orderId: string) {
  const beefNow = async () => {
    const answer = await tenant.graphql(`{ inventoryItems(search: "Steak haché") { nodes {
      quantity movements(first: 50) { type orderId } } } }`);
    const beef = answer.body.data.inventoryItems.nodes[0];
    beef.movements = beef.movements.filter((movement: any) => movement.type === 'SALE');
    return beef;
  };
  const deadline = Date.now() + 20_000;
  for (;;) {
    const beef = await beefNow();
    const taken = beef.movements.some((movement: any) => movement.orderId === orderId);
    if (taken) return beefNow();
    if (Date.now() > deadline) return beef;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The order's first event as a consumer reads it from `from` (10 s at most): a reader gets an
 * event once no older transaction, of any test running beside this one, can still precede it.
 */
async function orderEvent(log: Client, from: string, tenant: TestTenant, orderId: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const events = await readEvents(log, from, { tenant });
    const event = events.find((candidate) => candidate.aggregateId === orderId);
    if (event || Date.now() > deadline) return event;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The sandbox's state once it is `expected` (failing, with the last state read, after 10 s):
 * what the platform keeps between reads (the gateway's answers, the floor, the menu) follows a
 * commit's change notification, which reaches its process a moment after the reset's last commit
 * (run here beside it, as the command line runs it from another process).
 */
const stateOnceHeard = (tenant: TestTenant, expected: unknown) =>
  eventually(
    () => sandboxState(tenant),
    (state) => isDeepStrictEqual(state, expected),
    10_000,
  );

/** A sandbox in the demo's seeded state, as on the demo restaurant's first start. */
async function demoSandbox(): Promise<TestTenant> {
  const tenant = await platform.tenant({ stock: true });
  await seedDemoActivity(platform.platform.orms, tenant);
  return tenant;
}

/** Plays with a sandbox the way a developer trying the API would. */
async function tryEverything(tenant: TestTenant) {
  expect((await tenant.rest('POST', '/orders', SPEC_ORDER)).status).toBe(201);
  const stock = await tenant.graphql(`{ inventoryItems(search: "Steak haché") { nodes { id } } }`);
  const beef = stock.body.data.inventoryItems.nodes[0].id;
  const set = await tenant.graphql(
    `mutation($id: ID!) { setStockLevel(itemId: $id, quantity: 1) { id } }`,
    { id: beef },
  );
  expect(set.body.errors).toBeUndefined();
  const removed = await tenant.graphql(`mutation { removeTable(id: "30") { id } }`);
  expect(removed.body.errors).toBeUndefined();
}

describe('sandbox reset', () => {
  it('brings back the seeded state, keeps the keys and the integration, leaves others alone', async () => {
    const tenant = await demoSandbox();
    const seeded = await sandboxState(tenant);

    // The seed is rich enough to try every endpoint.
    expect(seeded.menu.length).toBeGreaterThan(15);
    expect(seeded.tables.length).toBeGreaterThan(10);
    expect(new Set(seeded.orders.map((order: any) => order.status))).toEqual(
      new Set(['CREATED', 'IN_PROGRESS', 'READY', 'SERVED', 'PAID', 'CANCELLED']),
    );
    const paid = seeded.orders.find((order: any) => order.status === 'PAID');
    expect(paid.payments).toEqual([
      { method: 'CASH', status: 'COMPLETED', amount: { cents: paid.total.cents } },
    ]);
    expect(seeded.stock.filter((item: any) => item.lowStock).map((item: any) => item.sku)).toEqual([
      'mussels',
    ]);
    expect(seeded.reservations.length).toBeGreaterThanOrEqual(3);
    expect(
      new Set(seeded.reservations.map((booking: any) => booking.startTime.slice(0, 10))).size,
    ).toBe(2);

    // The same restaurant's staging, and another restaurant's sandbox, with their own activity.
    const staging = await platform.tenant({
      restaurantId: tenant.restaurantId,
      environment: 'staging',
    });
    const other = await demoSandbox();
    expect((await staging.rest('POST', '/orders', SPEC_ORDER)).status).toBe(201);
    expect((await other.rest('POST', '/orders', SPEC_ORDER)).status).toBe(201);
    const stagingBefore = await sandboxState(staging);
    // The other sandbox's order takes its stock through an event consumer, after the answer.
    const seededBeef = seeded.stock.find((item: any) => item.sku === 'beef_patty').quantity;
    const otherBefore = await stockTaken(other, seededBeef);

    await tryEverything(tenant);
    const webhook = await tenant.rest('POST', '/webhooks', {
      target_url: 'http://127.0.0.1:9/hooks/sotto',
      event: 'order.created',
    });
    expect(webhook.status).toBe(201);
    expect(await sandboxState(tenant)).not.toEqual({ ...seeded, webhooks: expect.anything() });

    const report = await resetSandbox(platform.platform.orms, tenant);
    expect(report.orders!.removed.Order).toBe(seeded.orders.length + 1);

    const expected = { ...seeded, webhooks: [{ targetUrl: 'http://127.0.0.1:9/hooks/sotto' }] };
    expect(await stateOnceHeard(tenant, expected)).toEqual(expected);
    // The key still opens the sandbox.
    expect(
      (await platform.request('POST', '/api/v1/auth/token', { body: { api_key: tenant.apiKey } }))
        .status,
    ).toBe(200);
    expect(await sandboxState(staging)).toEqual(stagingBefore);
    expect(await sandboxState(other)).toEqual(otherBefore);
  });

  it("runs a service's seeding inside its removal's transaction: all of it or nothing", async () => {
    const tenant = await platform.tenant({ menu: false });
    const orm = platform.platform.orms.menu!;
    const txid = 'select txid_current()::text as txid';
    const failure = new Error('the seed failed half-way');
    const attempt = new TenantDatabase(orm.em, tenant).transaction(async (em) => {
      const [outer] = await em.execute(txid);
      const joined = TenantDatabase.joining(em, tenant);
      const [inner] = await joined.transaction((innerEm) => innerEm.execute(txid));
      expect(inner.txid).toBe(outer.txid);
      expect(await new MenuService(joined).addMissing(DEMO_MENU)).toBeGreaterThan(0);
      throw failure;
    });
    await expect(attempt).rejects.toBe(failure);
    const menu = await tenant.graphql('{ menuItems { id } }');
    expect(menu.body.data.menuItems).toEqual([]);
  });

  it('drops the sandbox’s events: a consumer behind does not apply an order of before the reset', async () => {
    const tenant = await demoSandbox();
    const seeded = await sandboxState(tenant);
    const seededBeef = seeded.stock.find((item: any) => item.sku === 'beef_patty').quantity;
    // A transaction left open holds every later event back from the consumers (they read only
    // what no older transaction can still precede), as a long transaction anywhere would.
    const holder = new Client({ connectionString: platform.platform.databaseUrl });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select pg_current_xact_id()');
      expect((await tenant.rest('POST', '/orders', SPEC_ORDER)).status).toBe(201);
      const report = await resetSandbox(platform.platform.orms, tenant);
      expect(report.events!.removed.Event).toBeGreaterThanOrEqual(1);
    } finally {
      await holder.query('rollback');
      await holder.end();
    }
    // An order after the reset: once its burger is taken, the consumer is past anything older
    // (it reads the log in order), so the order of before the reset had its chance.
    const placed = await tenant.rest('POST', '/orders', SPEC_ORDER);
    expect(placed.status).toBe(201);
    const beef = await beefMovementsOnceTaken(tenant, placed.body.order_id);
    expect(beef.movements.map((movement: any) => movement.orderId)).toEqual([placed.body.order_id]);
    expect(beef.quantity).toBe(seededBeef - 1);
  });

  it('a consumer that read an order’s event before the reset and acts after it writes nothing', async () => {
    const tenant = await demoSandbox();
    const endpoint = await tenant.rest('POST', '/webhooks', {
      target_url: 'http://127.0.0.1:9/hooks/sotto',
      event: 'order.created',
    });
    expect(endpoint.status).toBe(201);
    const seeded = await sandboxState(tenant);
    const seededBeef = seeded.stock.find((item: any) => item.sku === 'beef_patty').quantity;
    const log = new Client({ connectionString: platform.platform.databaseUrl });
    await log.connect();
    try {
      const from = await logHead(log);
      const placed = await tenant.rest('POST', '/orders', SPEC_ORDER);
      expect(placed.status).toBe(201);
      // The event as the stock consumer reads it; the live consumer has its turn first.
      const event = await orderEvent(log, from, tenant, placed.body.order_id);
      expect(event?.type).toBe('order.created');
      await stockTaken(tenant, seededBeef);
      await resetSandbox(platform.platform.orms, tenant);
      // The same recipes and stock items exist again: only the dropped event tells it is stale.
      await new OrderStockReconciler(platform.platform.orms.inventory!).handle(event!);
      // The webhook fan-out neither (the live one may have queued the event before the reset:
      // the same event under an id the log does not hold stands for it).
      const gone = { ...event!, id: `${event!.id}_gone` };
      await new WebhookFanOut(platform.platform.orms.webhooks!, webhookBody).handle(gone);
      const queued = await log.query(
        'select count(*)::int as n from webhooks.webhook_deliveries where event_id = $1',
        [gone.id],
      );
      expect(queued.rows[0].n).toBe(0);
    } finally {
      await log.end();
    }
    expect(await stateOnceHeard(tenant, seeded)).toEqual(seeded);
  });

  it('refuses any environment but the sandbox', async () => {
    const staging = await platform.tenant({ environment: 'staging' });
    await expect(resetSandbox(platform.platform.orms, staging)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('npm run sotto -- sandbox reset --restaurant ID prints what it did as JSON', async () => {
    const tenant = await demoSandbox();
    const seeded = await sandboxState(tenant);
    await tryEverything(tenant);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
        'bin/sotto.ts',
        'sandbox',
        'reset',
        '--restaurant',
        tenant.restaurantId,
      ],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: testDatabaseUrl() } },
    );
    const printed = JSON.parse(stdout);
    expect(printed).toMatchObject({
      restaurant_id: tenant.restaurantId,
      environment: 'sandbox',
      reset: { orders: { removed: { Order: seeded.orders.length + 1 } } },
    });
    expect(await sandboxState(tenant)).toEqual(seeded);
  }, 120_000);

  it('the command line refuses another environment', async () => {
    const run = promisify(execFile)(
      process.execPath,
      [
        path.join(ROOT, 'node_modules/tsx/dist/cli.mjs'),
        'bin/sotto.ts',
        'sandbox',
        'reset',
        '--env',
        'production',
      ],
      { cwd: ROOT, env: { ...process.env, DATABASE_URL: testDatabaseUrl() } },
    );
    await expect(run).rejects.toMatchObject({
      stderr: expect.stringContaining('only the sandbox'),
    });
  }, 120_000);
});
