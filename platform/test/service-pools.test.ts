import { Client } from 'pg';
import { applicationName } from '../src/database/application-name';
import { poolFigures } from '../src/database/pool-metrics';
import { FEDERATED_ORDER_QUERY } from '../../bench/scenarios';
import { SPEC_ORDER, bootTestPlatform, type TestPlatform } from '../../test/support/test-platform';

/**
 * Each service's pool opens at most `SOTTO_DB_POOL_MAX` connections, named after the service in
 * `pg_stat_activity`; a burst of writes beyond them waits for a connection rather than failing,
 * and the wait shows in the pool's figures (`sotto_db_pool_connections`).
 */
const POOL_MAX = 3;
let platform: TestPlatform;
let admin: Client;

beforeAll(async () => {
  platform = await bootTestPlatform({ SOTTO_DB_POOL_MAX: String(POOL_MAX) });
  admin = new Client({ connectionString: platform.platform.databaseUrl });
  await admin.connect();
});
afterAll(async () => {
  await admin?.end();
  await platform?.stop();
});

/** This process's connections to the test database, by `application_name`. */
async function connectionsByOwner(): Promise<Map<string, number>> {
  const { rows } = await admin.query<{ application_name: string; count: string }>(
    `select application_name, count(*) from pg_stat_activity
      where datname = current_database() and application_name like $1
      group by application_name`,
    [applicationName('%', process.pid)],
  );
  return new Map(rows.map((row) => [row.application_name, Number(row.count)]));
}

describe("the services' connection pools", () => {
  it('name each connection after its service and process, as an operator reads them in pg_stat_activity', async () => {
    const tenant = await platform.tenant();
    const created = await tenant.rest('POST', '/orders', SPEC_ORDER);
    expect(created.status).toBe(201);
    const read = await tenant.graphql(FEDERATED_ORDER_QUERY, { id: created.body.order_id });
    expect(read.body.errors).toBeUndefined();

    // Pools keep their connections for 30 s after use: those of the order's services are there.
    const owners = await connectionsByOwner();
    for (const service of ['gateway', 'orders', 'menu', 'payments', 'inventory', 'listener']) {
      expect(owners.get(applicationName(service))).toBeGreaterThan(0);
    }
  });

  it('let a burst of writes beyond SOTTO_DB_POOL_MAX wait for a connection: every one is written, on no more connections than that', async () => {
    const tenant = await platform.tenant({ maxConnections: 100, rateLimitPerMinute: 10_000 });
    let sampling = true;
    let most = 0;
    let mostWaiting = 0;
    const sampler = (async () => {
      while (sampling) {
        most = Math.max(most, (await connectionsByOwner()).get(applicationName('orders')) ?? 0);
        // What `sotto_db_pool_connections` reports: requests queued for the orders pool.
        mostWaiting = Math.max(mostWaiting, poolFigures().get('orders')?.waiting ?? 0);
      }
    })();
    const burst = await Promise.all(
      Array.from({ length: 40 }, () => tenant.rest('POST', '/orders', SPEC_ORDER)),
    );
    sampling = false;
    await sampler;

    expect(burst.map((answer) => answer.status)).toEqual(Array(40).fill(201));
    const listed = await tenant.rest('GET', '/orders?limit=100');
    expect(listed.body.data).toHaveLength(40);
    // Forty requests at once kept the pool full, and no write opened a connection beyond it.
    expect(most).toBeGreaterThanOrEqual(2);
    expect(most).toBeLessThanOrEqual(POOL_MAX);
    expect(mostWaiting).toBeGreaterThan(0);
    expect(poolFigures().get('orders')).toMatchObject({ max: POOL_MAX, waiting: 0 });
  });
});
