import { randomUUID } from 'node:crypto';
import { Client, Pool } from 'pg';
import { IdempotencyStore } from '../src/idempotency/idempotency-store';
import {
  bootTestPlatform,
  SPEC_ORDER,
  testDatabaseUrl,
  type TestPlatform,
  type TestTenant,
} from '../../test/support/test-platform';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await bootTestPlatform();
});
afterAll(() => platform?.stop());

const keyed = (key: string) => ({ 'idempotency-key': key });
const orderCount = async (tenant: TestTenant) =>
  (await tenant.rest('GET', '/orders?limit=100')).body.data.length as number;

async function sql(query: string, values: unknown[] = []) {
  const client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    return await client.query(query, values);
  } finally {
    await client.end();
  }
}

describe('Idempotency-Key on POST /api/v1/orders', () => {
  it('a retry replays the first answer, with Idempotent-Replayed, and creates one order', async () => {
    const tenant = await platform.tenant();
    const key = randomUUID();
    const first = await tenant.rest('POST', '/orders', SPEC_ORDER, keyed(key));
    const retry = await tenant.rest('POST', '/orders', SPEC_ORDER, keyed(key));
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.text).toBe(first.text);
    expect(retry.headers.get('location')).toBe(first.headers.get('location'));
    expect(retry.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await orderCount(tenant)).toBe(1);
  });

  it('the same body with its keys in another order is the same request', async () => {
    const tenant = await platform.tenant();
    const key = randomUUID();
    const reordered = Object.fromEntries(Object.entries(SPEC_ORDER).reverse());
    const first = await tenant.rest('POST', '/orders', SPEC_ORDER, keyed(key));
    const retry = await tenant.rest('POST', '/orders', reordered, keyed(key));
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.order_id).toBe(first.body.order_id);
  });

  it('the same key with another body is refused (422) and changes nothing', async () => {
    const tenant = await platform.tenant();
    const key = randomUUID();
    await tenant.rest('POST', '/orders', SPEC_ORDER, keyed(key));
    const other = { ...SPEC_ORDER, table_id: '13' };
    const refused = await tenant.rest('POST', '/orders', other, keyed(key));
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('idempotency_key_reused');
    expect(refused.headers.get('cache-control')).toBe('no-store');
    // On another path too.
    const elsewhere = await tenant.rest('POST', '/reservations', SPEC_ORDER, keyed(key));
    expect(elsewhere.body.error.code).toBe('idempotency_key_reused');
    expect(await orderCount(tenant)).toBe(1);
  });

  it('ten concurrent requests with one key create one order; each gets it or a 409', async () => {
    const tenant = await platform.tenant();
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => tenant.rest('POST', '/orders', SPEC_ORDER, keyed(key))),
    );
    const created = answers.filter((answer) => answer.status === 201);
    const conflicts = answers.filter((answer) => answer.status === 409);
    expect(created.length + conflicts.length).toBe(10);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((answer) => answer.body.order_id)).size).toBe(1);
    expect(created.filter((answer) => !answer.headers.get('idempotent-replayed'))).toHaveLength(1);
    for (const conflict of conflicts) {
      expect(conflict.body.error.code).toBe('idempotency_conflict');
      expect(conflict.headers.get('retry-after')).toBe('1');
    }
    expect(await orderCount(tenant)).toBe(1);
  });

  it("another restaurant's (or environment's) same key is its own", async () => {
    const [one, two] = [await platform.tenant(), await platform.tenant()];
    const live = await platform.tenant({
      restaurantId: one.restaurantId,
      environment: 'production',
    });
    const key = randomUUID();
    const answers = [
      await one.rest('POST', '/orders', SPEC_ORDER, keyed(key)),
      await two.rest('POST', '/orders', SPEC_ORDER, keyed(key)),
      await live.rest('POST', '/orders', SPEC_ORDER, keyed(key)),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
    expect(answers.map((answer) => answer.headers.get('idempotent-replayed'))).toEqual([
      null,
      null,
      null,
    ]);
    expect(new Set(answers.map((answer) => answer.body.order_id)).size).toBe(3);
    expect(await orderCount(one)).toBe(1);
    expect(await orderCount(two)).toBe(1);
  });

  it("another API key of the same restaurant is refused the first key's answer", async () => {
    const first = await platform.tenant();
    const second = await platform.tenant({ restaurantId: first.restaurantId, menu: false });
    const key = randomUUID();
    await first.rest('POST', '/orders', SPEC_ORDER, keyed(key));
    const refused = await second.rest('POST', '/orders', SPEC_ORDER, keyed(key));
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('idempotency_key_reused');
    expect(refused.text).not.toContain('order_id');
    expect(await orderCount(first)).toBe(1);
  });

  it('a client error is kept and replayed; the request is not run again', async () => {
    const tenant = await platform.tenant();
    const key = randomUUID();
    const bad = { ...SPEC_ORDER, items: [{ menu_item_id: 'no_such_item', quantity: 1 }] };
    const first = await tenant.rest('POST', '/orders', bad, keyed(key));
    const retry = await tenant.rest('POST', '/orders', bad, keyed(key));
    expect(first.status).toBe(422);
    expect(retry.status).toBe(422);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.error.code).toBe(first.body.error.code);
  });

  it('after 24 hours the key is forgotten and purged', async () => {
    const tenant = await platform.tenant();
    const key = randomUUID();
    const first = await tenant.rest('POST', '/orders', SPEC_ORDER, keyed(key));
    const stored = await sql(
      `select extract(epoch from "expires_at" - "created_at")::int as ttl from gateway.idempotency_keys
       where restaurant_id = $1 and idempotency_key = $2`,
      [tenant.restaurantId, key],
    );
    expect(stored.rows[0].ttl).toBe(24 * 60 * 60);
    await sql(
      `update gateway.idempotency_keys set expires_at = now() - interval '1 second'
       where restaurant_id = $1 and idempotency_key = $2`,
      [tenant.restaurantId, key],
    );
    const later = await tenant.rest('POST', '/orders', SPEC_ORDER, keyed(key));
    expect(later.status).toBe(201);
    expect(later.headers.get('idempotent-replayed')).toBeNull();
    expect(later.body.order_id).not.toBe(first.body.order_id);
    expect(await orderCount(tenant)).toBe(2);

    // The purge deletes expired keys, and only those.
    await sql(
      `update gateway.idempotency_keys set expires_at = now() - interval '1 second'
       where restaurant_id = $1 and idempotency_key = $2`,
      [tenant.restaurantId, key],
    );
    const other = randomUUID();
    await tenant.rest('POST', '/orders', SPEC_ORDER, keyed(other));
    const pool = new Pool({ connectionString: testDatabaseUrl(), max: 1 });
    try {
      const store = new IdempotencyStore(pool, { ttlSeconds: 60, leaseSeconds: 60 });
      // Another file's gateway, starting meanwhile, may purge first: what counts is what is left.
      await store.purgeExpired();
    } finally {
      await pool.end();
    }
    const left = await sql(
      `select idempotency_key from gateway.idempotency_keys where restaurant_id = $1`,
      [tenant.restaurantId],
    );
    expect(left.rows.map((row) => row.idempotency_key)).toEqual([other]);
  });

  it('a malformed key is a 400 and nothing is created', async () => {
    const tenant = await platform.tenant();
    for (const key of ['', 'x'.repeat(256), 'with space', 'é']) {
      const answer = await tenant.rest('POST', '/orders', SPEC_ORDER, keyed(key));
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('invalid_idempotency_key');
    }
    expect(await orderCount(tenant)).toBe(0);
  });
});

describe('Idempotency-Key on the other POSTs', () => {
  it('an answer showing a secret once is never kept nor replayed', async () => {
    const tenant = await platform.tenant({ role: 'admin' });
    const key = randomUUID();
    const body = { event: 'order.created', target_url: 'http://127.0.0.1:9/hooks' };
    const first = await tenant.rest('POST', '/webhooks', body, keyed(key));
    expect(first.status).toBe(201);
    expect(first.body.secret).toMatch(/^whsec_/);
    const stored = await sql(
      `select response_body from gateway.idempotency_keys where restaurant_id = $1`,
      [tenant.restaurantId],
    );
    expect(stored.rows).toEqual([]);
    const retry = await tenant.rest('POST', '/webhooks', body, keyed(key));
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
    expect(retry.body.webhook_id).not.toBe(first.body.webhook_id);
  });

  it('POST /reservations: a retry replays, one reservation is made', async () => {
    const tenant = await platform.tenant();
    const key = randomUUID();
    const booking = {
      customer_name: 'Camille Martin',
      party_size: 2,
      start_time: '2030-06-14T19:00:00Z',
    };
    const first = await tenant.rest('POST', '/reservations', booking, keyed(key));
    const retry = await tenant.rest('POST', '/reservations', booking, keyed(key));
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.reservation_id).toBe(first.body.reservation_id);
    const list = await tenant.rest('GET', '/reservations?date=2030-06-14');
    expect(list.body.data).toHaveLength(1);
  });

  it('POST /inventory/movements: a retry replays, the stock moves once', async () => {
    const tenant = await platform.tenant({ stock: true });
    const [item] = (await tenant.rest('GET', '/inventory/items?limit=1')).body.data;
    const key = randomUUID();
    const movement = { item_id: item.item_id, type: 'receipt', quantity: 3 };
    const first = await tenant.rest('POST', '/inventory/movements', movement, keyed(key));
    const retry = await tenant.rest('POST', '/inventory/movements', movement, keyed(key));
    expect(first.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.text).toBe(first.text);
    const after = await tenant.rest('GET', `/inventory/items/${item.item_id}`);
    expect(after.body.quantity).toBeCloseTo(Number(item.quantity) + 3);
  });

  it('GraphQL mutations over POST /graphql honour the key too', async () => {
    const tenant = await platform.tenant();
    const key = randomUUID();
    const create = `mutation { createOrder(input: { items: [{ menuItemId: "burger_1", quantity: 1 }] }) { id } }`;
    const send = () =>
      platform.request('POST', '/graphql', {
        body: { query: create },
        headers: { authorization: `Bearer ${tenant.token}`, ...keyed(key) },
      });
    const first = await send();
    const retry = await send();
    expect(first.body.data.createOrder.id).toMatch(/^ord_/);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body.data.createOrder.id).toBe(first.body.data.createOrder.id);
    expect(await orderCount(tenant)).toBe(1);
  });
});
