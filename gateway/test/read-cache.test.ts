import { ApolloServer } from '@apollo/server';
import { Client } from 'pg';
import {
  TENANT_CHANGE_TRIGGER,
  TENANT_CHANGES_CHANNEL,
  UNREAD_TABLE_COMMENT,
} from '../../platform/src/database/tenant-change-notification';
import { createLogger } from '../../platform/src/logger';
import { at, fridayAhead } from '../../subgraphs/reservations/test/floor';
import { TenantChanges } from '../../platform/src/database/tenant-changes';
import { eventually, listeningBackends } from '../../test/support/eventually';
import {
  bootTestPlatform,
  SPEC_ORDER,
  type TestPlatform,
  type TestTenant,
} from '../../test/support/test-platform';

/**
 * The gateway's read cache (gateway/src/read-cache/): a repeated read is answered without the
 * subgraphs, and never once a change to the tenant's rows has committed, whoever made it.
 */
let platform: TestPlatform;
let sql: Client;
let tenant: TestTenant;
let orderId: string;

beforeAll(async () => {
  platform = await bootTestPlatform();
  sql = new Client({ connectionString: platform.platform.databaseUrl });
  await sql.connect();
  tenant = await platform.tenant();
  const created = await tenant.rest('POST', '/orders', SPEC_ORDER);
  expect(created.status).toBe(201);
  orderId = created.body.order_id;
});
afterAll(async () => {
  await sql?.end();
  await platform?.stop();
});

/** The value of one series of this gateway's /metrics (0 when absent). */
async function metric(series: string): Promise<number> {
  const { text } = await platform.request('GET', '/metrics');
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

/** This gateway's read-cache lookups so far, by outcome. */
async function lookups(): Promise<Record<'hit' | 'miss' | 'bypass', number>> {
  const count = (result: string) => metric(`sotto_read_cache_lookups_total{result="${result}"}`);
  return { hit: await count('hit'), miss: await count('miss'), bypass: await count('bypass') };
}

/** How `lookups` moved while `work` ran (nothing else calls this gateway meanwhile). */
async function lookupsDuring(work: () => Promise<unknown>) {
  const before = await lookups();
  await work();
  const after = await lookups();
  return {
    hit: after.hit - before.hit,
    miss: after.miss - before.miss,
    bypass: after.bypass - before.bypass,
  };
}

const tableOf = async () => (await tenant.rest('GET', `/orders/${orderId}`)).body.table_id;

/** A write made behind the platform's back, as another replica or an operator's SQL would. */
const setTableBySql = (table: string) =>
  sql.query(`update "orders"."orders" set "table_id" = $1 where "id" = $2`, [table, orderId]);

describe('the read cache', () => {
  it('answers a repeated read without executing it, with the same bytes', async () => {
    const first = await tenant.rest('GET', `/orders/${orderId}`);
    let second: Awaited<ReturnType<TestTenant['rest']>> | undefined;
    const counted = await lookupsDuring(async () => {
      second = await tenant.rest('GET', `/orders/${orderId}`);
    });
    expect(counted).toEqual({ hit: 1, miss: 0, bypass: 0 });
    expect(second!.status).toBe(200);
    expect(second!.text).toBe(first.text);
    expect(second!.headers.get('etag')).toBe(first.headers.get('etag'));
  });

  it("answers a repeated REST read before Apollo Server's request pipeline, a fresh one through it", async () => {
    await tenant.rest('GET', `/orders/${orderId}`);
    const executeOperation = jest.spyOn(ApolloServer.prototype, 'executeOperation');
    try {
      const counted = await lookupsDuring(async () => {
        expect((await tenant.rest('GET', `/orders/${orderId}`)).body.order_id).toBe(orderId);
      });
      expect(counted).toEqual({ hit: 1, miss: 0, bypass: 0 });
      expect(executeOperation).not.toHaveBeenCalled();
      await tenant.rest('GET', `/orders/${orderId}`, undefined, { 'cache-control': 'no-cache' });
      expect(executeOperation).toHaveBeenCalledTimes(1);
    } finally {
      executeOperation.mockRestore();
    }
  });

  it('answers GraphQL queries from the same cache, keyed by their variables', async () => {
    const query = 'query Status($id: ID!) { order(id: $id) { id status } }';
    await tenant.graphql(query, { id: orderId });
    const counted = await lookupsDuring(async () => {
      const again = await tenant.graphql(query, { id: orderId });
      expect(again.body.data.order).toEqual({ id: orderId, status: 'CREATED' });
      const other = await tenant.graphql(query, { id: 'ord_unknown' });
      expect(other.body.data.order).toBeNull();
    });
    expect(counted).toEqual({ hit: 1, miss: 1, bypass: 0 });
  });

  it("shows a client its own write at once, through the gateway's mutations", async () => {
    await tenant.rest('GET', `/orders/${orderId}`);
    const changed = await tenant.rest('PATCH', `/orders/${orderId}/status`, {
      status: 'in_progress',
    });
    expect(changed.status).toBe(200);
    const read = await tenant.rest('GET', `/orders/${orderId}`);
    expect(read.body.status).toBe('in_progress');
    expect(read.headers.get('etag')).toBe(changed.headers.get('etag'));
  });

  it('drops a tenant’s answers when any connection commits a change to its rows', async () => {
    await setTableBySql('40');
    expect(await eventually(tableOf, (table) => table === '40')).toBe('40');
    // Cached again, then changed behind the gateway's back: PostgreSQL's notification drops it.
    expect(await tableOf()).toBe('40');
    await setTableBySql('41');
    expect(await eventually(tableOf, (table) => table === '41')).toBe('41');
  });

  it('reads afresh for Cache-Control: no-cache, and keeps the fresh answer', async () => {
    const fresh = await lookupsDuring(() =>
      tenant.rest('GET', `/orders/${orderId}`, undefined, { 'cache-control': 'no-cache' }),
    );
    expect(fresh).toEqual({ hit: 0, miss: 0, bypass: 1 });
    const next = await lookupsDuring(() => tenant.rest('GET', `/orders/${orderId}`));
    expect(next).toEqual({ hit: 1, miss: 0, bypass: 0 });
  });

  it('never answers one tenant, or one set of permissions, with another’s answer', async () => {
    await tenant.rest('GET', `/orders/${orderId}`);
    const neighbour = await platform.tenant();
    expect((await neighbour.rest('GET', `/orders/${orderId}`)).status).toBe(404);
    const staging = await platform.tenant({
      restaurantId: tenant.restaurantId,
      environment: 'staging',
    });
    expect((await staging.rest('GET', `/orders/${orderId}`)).status).toBe(404);
    const noOrders = await platform.tenant({
      restaurantId: tenant.restaurantId,
      role: 'integrator',
      scopes: ['inventory:read'],
    });
    expect((await noOrders.rest('GET', `/orders/${orderId}`)).status).toBe(403);
  });

  it('serves nothing it could have missed news of while its notifications were cut', async () => {
    expect(await tableOf()).toBe('41');
    const before = await listeningBackends(sql);
    expect(before.length).toBeGreaterThan(0);
    await sql.query('select pg_terminate_backend(pid) from unnest($1::int[]) as pid', [before]);
    // Committed while nobody listens: its notification is lost for good.
    await setTableBySql('42');
    // Back (with backoff): a new connection, listening again.
    const reconnected = await eventually(
      async () =>
        (await listeningBackends(sql)).some((pid) => !before.includes(pid)) &&
        (await metric('sotto_read_cache_listening')) === 1,
      (done) => done,
      15_000,
    );
    expect(reconnected).toBe(true);
    // The answer cached before the cut is not served: whatever was missed, all starts over.
    const counted = await lookupsDuring(async () => expect(await tableOf()).toBe('42'));
    expect(counted).toEqual({ hit: 0, miss: 1, bypass: 0 });
  });
});

describe('writes that carry no access token', () => {
  it("shows a booking platform's change to the next read at once", async () => {
    const manager = await platform.tenant({ role: 'admin' });
    const connected = await manager.rest('POST', '/channels/zenchef/connections', {});
    const url = connected.body.notification_url as string;
    const booking = {
      external_id: 'ZC-CACHE',
      customer_name: 'Louis Bernard',
      party_size: 2,
      start_time: at(fridayAhead(), '20:30'),
    };
    const created = await platform.request('POST', url, { body: booking });
    expect(created.body.outcome).toBe('created');
    const path = `/reservations/${created.body.reservation_id}`;
    // The gateway cannot tell whose reservation the notification changed: each next read must
    // still see it, not the answer cached just before.
    for (const partySize of [3, 4, 5, 6, 7]) {
      expect((await manager.rest('GET', path)).body.party_size).toBe(partySize - 1);
      const updated = await platform.request('POST', url, {
        body: { ...booking, party_size: partySize },
      });
      expect(updated.body.outcome).toBe('updated');
      expect((await manager.rest('GET', path)).body.party_size).toBe(partySize);
    }
  });
});

describe('change notifications', () => {
  it('a barrier returns once every change committed before it has been heard of', async () => {
    const url = platform.platform.databaseUrl;
    const changes = await TenantChanges.listen(url, createLogger('test', 'silent'));
    try {
      for (let round = 1; round <= 5; round += 1) {
        await sql.query('select pg_notify($1, $2)', [TENANT_CHANGES_CHANNEL, 'rst_barrier/test']);
        await changes.heardAllCommitted();
        expect(changes.generationOf('rst_barrier/test')).toBe(round);
      }
    } finally {
      await changes.stop();
    }
  });

  it('every tenant table of the domain schemas has the trigger, but those no answer reads', async () => {
    const { rows } = await sql.query<{ table: string; triggered: boolean; unread: boolean }>(
      `select c.table_schema || '.' || c.table_name as table,
              exists (select 1 from pg_trigger t
                        where t.tgrelid = format('%I.%I', c.table_schema, c.table_name)::regclass
                          and t.tgname = $1) as triggered,
              obj_description(format('%I.%I', c.table_schema, c.table_name)::regclass, 'pg_class')
                is not distinct from $2 as unread
         from information_schema.columns c
         join information_schema.tables b
           on b.table_schema = c.table_schema and b.table_name = c.table_name
        where c.table_schema in ('menu', 'orders', 'inventory', 'reservations', 'payments')
          and b.table_type = 'BASE TABLE'
          and c.column_name in ('restaurant_id', 'environment')
        group by c.table_schema, c.table_name having count(*) = 2`,
      [TENANT_CHANGE_TRIGGER, UNREAD_TABLE_COMMENT],
    );
    expect(rows.length).toBeGreaterThanOrEqual(10);
    const read = rows.filter((row) => !row.unread);
    expect(read.filter((row) => !row.triggered).map((row) => row.table)).toEqual([]);
    // The stock consumer's order versions: bookkeeping, rewritten at every order event.
    expect(rows.filter((row) => row.unread)).toEqual([
      { table: 'inventory.order_stock_versions', triggered: false, unread: true },
    ]);
  });
});
