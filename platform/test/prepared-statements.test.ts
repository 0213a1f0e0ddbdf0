import { Client } from 'pg';
import { OWN_ROWS, TenantDatabase } from '../src/tenancy/tenant-database';
import { consumersCaughtUp } from '../../test/support/event-consumers';
import {
  SPEC_ORDER,
  bootTestPlatform,
  type TestPlatform,
  type TestTenant,
} from '../../test/support/test-platform';

/**
 * The one-message reads and writes prepare their statements on the pooled connection, then
 * execute them by name (`PreparedStatements`). One connection per service here, so that every
 * message below goes over the same one.
 */
let platform: TestPlatform;
let first: TestTenant;
let second: TestTenant;
const orders: Record<string, string[]> = {};
let spy: jest.SpyInstance;

beforeAll(async () => {
  platform = await bootTestPlatform({ SOTTO_DB_POOL_MAX: '1' });
  first = await platform.tenant();
  second = await platform.tenant();
  for (const tenant of [first, second]) {
    const created = await tenant.rest('POST', '/orders', SPEC_ORDER);
    expect(created.status).toBe(201);
    orders[tenant.restaurantId] = [created.body.order_id];
  }
  // The consumers read these orders when they get to their events: not during the tests, whose
  // assertions are about the messages sent.
  await consumersCaughtUp(platform.platform.databaseUrl);
});
beforeEach(() => {
  spy = jest.spyOn(Client.prototype, 'query');
});
afterEach(() => spy.mockRestore());
afterAll(() => platform?.stop());

const dbOf = (tenant: TestTenant) =>
  new TenantDatabase(platform.platform.orms.orders!.em, {
    restaurantId: tenant.restaurantId,
    environment: tenant.environment,
  });

/** The messages sent to PostgreSQL since the test began that hold `mark` (a value of the test's). */
const messages = (mark = 'ord_none') =>
  spy.mock.calls
    .map(([config]) => (typeof config === 'string' ? config : (config as { text: string }).text))
    .filter((text) => text.includes(mark));

/** The tenant's orders, by a statement of this test's own. */
const ownOrders = {
  sql: `select id from orders.orders where ${OWN_ROWS} and id <> ? order by id`,
  params: ['ord_none'],
};

describe('statements prepared on the connection', () => {
  it('are prepared once, then executed by name, each time under the row-level security of the tenant', async () => {
    const [firstRows] = await dbOf(first).read([ownOrders]);
    const [secondRows] = await dbOf(second).read([ownOrders]);
    const [firstAgain] = await dbOf(first).read([ownOrders]);
    expect(firstRows!.map((row) => row.id)).toEqual(orders[first.restaurantId]);
    expect(secondRows!.map((row) => row.id)).toEqual(orders[second.restaurantId]);
    expect(firstAgain).toEqual(firstRows);

    const sent = messages();
    expect(sent).toHaveLength(3);
    expect(sent[0]).toMatch(/prepare sotto_\d+ as select id from orders\.orders/);
    // The plan kept is the one made under the first tenant; the second's rows come all the same.
    expect(sent[1]).not.toMatch(/prepare/);
    expect(sent[1]).toContain(`'${second.restaurantId}'`);
    expect(sent[2]).not.toMatch(/prepare/);
  });

  it('answers a statement that PostgreSQL cannot prepare, with its values written in', async () => {
    // Whether a value is missing: PostgreSQL cannot tell its type from this statement alone.
    const untyped = { sql: 'select ? is null as missing', params: ['café'] };
    const [rows] = await dbOf(first).read([untyped]);
    expect(rows).toEqual([{ missing: false }]);
    const [again] = await dbOf(first).read([untyped]);
    expect(again).toEqual([{ missing: false }]);
    const last = messages('café').at(-1)!;
    expect(last).toContain(`select 'café' is null as missing`);
    expect(last).not.toMatch(/prepare /);
  });

  it('prepares them again on a connection that lost them, and answers', async () => {
    await dbOf(first).read([ownOrders]);
    // Behind the platform's back, on the service's one connection.
    await platform.platform.orms.orders!.em.getConnection().execute('deallocate all');
    const [rows] = await dbOf(first).read([ownOrders]);
    expect(rows!.map((row) => row.id)).toEqual(orders[first.restaurantId]);
    const sent = messages();
    expect(sent.at(-1)).toMatch(/prepare sotto_\d+ as select id from orders\.orders/);
  });

  it('write nothing of a message that failed, and prepare its statements again', async () => {
    const db = dbOf(first);
    const orderId = orders[first.restaurantId]![0]!;
    const version = async () => {
      const [[row]] = (await db.read([
        {
          sql: `select version from orders.orders where ${OWN_ROWS} and id = ?`,
          params: [orderId],
        },
      ])) as [[{ version: number }]];
      return row!.version;
    };
    const bump = {
      sql: `update orders.orders set version = version + 1 where ${OWN_ROWS} and id = ? returning version`,
      params: [orderId],
    };
    const before = await version();
    // The update is prepared and runs; the statement after it fails: nothing is kept.
    await expect(db.write([bump, { sql: 'select 1 / ? as boom', params: [0] }])).rejects.toThrow(
      /division by zero/,
    );
    expect(await version()).toBe(before);
    const [[bumped]] = (await db.write([bump])) as [[{ version: number }]];
    expect(bumped!.version).toBe(before + 1);
    // What the failed message prepared is prepared again, under a name of its own.
    expect(messages(orderId).at(-1)).toMatch(/prepare sotto_\d+ as update orders\.orders/);
  });
});
