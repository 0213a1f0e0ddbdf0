import fc from 'fast-check';
import { Client } from 'pg';
import {
  bootTestPlatform,
  SPEC_ORDER,
  type HttpAnswer,
  type TestPlatform,
  type TestTenant,
} from '../../test/support/test-platform';
import { liveClient, Subscription } from './support/live-client';

/**
 * `GET /api/v1/logs` over real HTTP: each key's recent calls, written in batches by the
 * gateway to its own schema, scoped to the key, paged, filtered, purged after the retention.
 */
let platform: TestPlatform;

beforeAll(async () => {
  platform = await bootTestPlatform();
});

afterAll(async () => {
  await platform?.stop();
});

const requestLog = () => platform.platform.gateway!.requestLog;

interface Call {
  request_id: string;
  method: string;
  path: string;
  operation_name: string | null;
  status: number;
  latency_ms: number;
  occurred_at: string;
}

/** The request id the gateway gave a call. */
const idOf = (answer: HttpAnswer) => answer.headers.get('x-request-id')!;

/**
 * The key's logs once every call in `expected` is written: an answer's entry is recorded when
 * the answer has been sent, so the client may see the answer just before; flush until it is.
 */
async function logsWith(tenant: TestTenant, expected: string[], query = '?limit=100') {
  for (let attempt = 0; ; attempt++) {
    await requestLog().flush();
    const answer = await tenant.rest<{ data: Call[] }>('GET', `/logs${query}`);
    expect(answer.status).toBe(200);
    const seen = new Set(answer.body.data.map((call) => call.request_id));
    if (expected.every((id) => seen.has(id)) || attempt === 50) return answer;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function withDatabase<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: platform.platform.databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('GET /api/v1/logs', () => {
  it('shows the key’s calls once flushed: method, path, operation, status, latency, request id, time', async () => {
    const tenant = await platform.tenant();
    const started = Date.now();
    const listed = await tenant.rest('GET', '/orders?limit=1&status=created');
    const created = await tenant.rest('POST', '/orders', SPEC_ORDER);
    const missing = await tenant.rest('GET', '/orders/ord_doesnotexist');
    const dishes = await tenant.graphql('query Dishes { menuItems { id name } }');
    const anonymous = await tenant.graphql('{ menuItems { id } }');
    expect([listed.status, created.status, missing.status]).toEqual([200, 201, 404]);

    const ids = [listed, created, missing, dishes, anonymous].map(idOf);
    const answer = await logsWith(tenant, ids);
    const byId = new Map(answer.body.data.map((call) => [call.request_id, call]));
    expect(ids.map((id) => byId.get(id))).toEqual([
      expect.objectContaining({ method: 'GET', path: '/api/v1/orders', status: 200 }),
      expect.objectContaining({ method: 'POST', path: '/api/v1/orders', status: 201 }),
      expect.objectContaining({ path: '/api/v1/orders/ord_doesnotexist', status: 404 }),
      expect.objectContaining({ method: 'POST', path: '/graphql', operation_name: 'Dishes' }),
      expect.objectContaining({ path: '/graphql', operation_name: null, status: 200 }),
    ]);
    for (const id of ids) {
      const call = byId.get(id)!;
      expect(Object.keys(call).sort()).toEqual(
        [
          'latency_ms',
          'method',
          'occurred_at',
          'operation_name',
          'path',
          'request_id',
          'status',
        ].sort(),
      );
      expect(Number.isInteger(call.latency_ms) && call.latency_ms >= 0).toBe(true);
      expect(Date.parse(call.occurred_at)).toBeGreaterThanOrEqual(started - 1000);
    }
    // Newest first.
    const times = answer.body.data.map((call) => Date.parse(call.occurred_at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(answer.body.data.map((call) => call.request_id).indexOf(idOf(created))).toBeGreaterThan(
      answer.body.data.map((call) => call.request_id).indexOf(idOf(anonymous)),
    );
  });

  it('shows a key its own calls only: not another key’s, restaurant’s or environment’s', async () => {
    const owner = await platform.tenant();
    const colleague = await platform.tenant({ restaurantId: owner.restaurantId, menu: false });
    const staging = await platform.tenant({
      restaurantId: owner.restaurantId,
      environment: 'staging',
      menu: false,
    });
    const stranger = await platform.tenant({ menu: false });
    const calls = new Map<TestTenant, string>();
    for (const tenant of [owner, colleague, staging, stranger]) {
      calls.set(tenant, idOf(await tenant.rest('GET', '/orders')));
    }
    for (const tenant of [owner, colleague, staging, stranger]) {
      const answer = await logsWith(tenant, [calls.get(tenant)!]);
      const seen = answer.body.data.map((call) => call.request_id);
      expect(seen).toContain(calls.get(tenant));
      for (const [other, id] of calls) if (other !== tenant) expect(seen).not.toContain(id);
    }
    // Nothing of another key is written under this one in the table either.
    const keys = await withDatabase(async (client) => {
      const { rows } = await client.query<{ key_id: string }>(
        `select distinct key_id from gateway.request_log where request_id = any($1)`,
        [[...calls.values()]],
      );
      return rows.map((row) => row.key_id).sort();
    });
    expect(keys).toEqual([owner, colleague, staging, stranger].map((t) => t.keyId).sort());
  });

  it('never records a query string or a calendar feed’s token', async () => {
    const tenant = await platform.tenant();
    const feed = await tenant.graphql<{ createCalendarFeed: { token: string; url: string } }>(
      'mutation NewFeed { createCalendarFeed { token url } }',
    );
    const { token, url } = feed.body.data!.createCalendarFeed;
    expect(token).toMatch(/^ics_/);
    // The feed itself, even with the key's token along, and a token-looking query string.
    const ics = await platform.request('GET', url, {
      headers: { authorization: `Bearer ${tenant.token}` },
    });
    expect(ics.status).toBe(200);
    const queried = await tenant.rest('GET', `/orders?limit=1&access_token=${token}`);
    expect(queried.status).toBe(422);

    const answer = await logsWith(tenant, [idOf(feed), idOf(queried)]);
    const queriedCall = answer.body.data.find((call) => call.request_id === idOf(queried));
    expect(queriedCall).toMatchObject({ path: '/api/v1/orders', status: 422 });
    expect(answer.text).not.toContain(token);
    const leaks = await withDatabase(async (client) => {
      const { rows } = await client.query(
        `select path, operation_name from gateway.request_log
          where strpos(path, $1) > 0 or strpos(coalesce(operation_name, ''), $1) > 0
             or strpos(path, '?') > 0`,
        [token.slice(4)],
      );
      return rows;
    });
    expect(leaks).toEqual([]);
  });

  it('pages newest first with cursors and a Link header, and filters by status and since', async () => {
    const tenant = await platform.tenant();
    const created: string[] = [];
    for (let i = 0; i < 5; i++) {
      created.push(idOf(await tenant.rest('POST', '/orders', { ...SPEC_ORDER, table_id: `${i}` })));
    }
    const missing = idOf(await tenant.rest('GET', '/orders/ord_nope'));
    await logsWith(tenant, [...created, missing]);

    const pages: Call[][] = [];
    let next: string | null = '/logs?status=201&limit=2';
    while (next) {
      const page: HttpAnswer = await tenant.rest('GET', next);
      expect(page.status).toBe(200);
      pages.push(page.body.data);
      const cursor: string | null = page.body.next_cursor;
      expect(page.body.has_more).toBe(cursor !== null);
      if (cursor) {
        expect(page.headers.get('link')).toBe(
          `</api/v1/logs?status=201&limit=2&cursor=${encodeURIComponent(cursor)}>; rel="next"`,
        );
      }
      next = cursor ? `/logs?status=201&limit=2&cursor=${encodeURIComponent(cursor)}` : null;
    }
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat().map((call) => call.request_id)).toEqual([...created].reverse());

    const clientErrors = await tenant.rest('GET', '/logs?status=4xx');
    expect(clientErrors.body.data.map((call: Call) => call.request_id)).toEqual([missing]);
    const either = await tenant.rest('GET', '/logs?status=404,5xx');
    expect(either.body.data.map((call: Call) => call.request_id)).toEqual([missing]);
    const successes = await tenant.rest('GET', '/logs?status=2xx&limit=100');
    expect(successes.body.data.every((call: Call) => call.status < 300)).toBe(true);
    expect(successes.body.data.map((call: Call) => call.request_id)).toEqual(
      expect.arrayContaining(created),
    );

    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await tenant.rest('GET', `/logs?since=${future}`)).body.data).toEqual([]);
    const since = (await tenant.rest('GET', `/logs?status=201&limit=1`)).body.data[0].occurred_at;
    const recent = await tenant.rest('GET', `/logs?status=201&since=${encodeURIComponent(since)}`);
    expect(recent.body.data.map((call: Call) => call.request_id)).toEqual([created.at(-1)]);

    for (const bad of ['status=abc', 'status=600', 'since=yesterday', 'cursor=bm9wZQ', 'limit=0']) {
      const refused = await tenant.rest('GET', `/logs?${bad}`);
      expect([bad, refused.status, refused.body.error.code]).toEqual([bad, 422, 'invalid_field']);
    }
  });

  it('records subscriptions under their operation name', async () => {
    const tenant = await platform.tenant({ menu: false });
    const { client, connected } = liveClient(platform.url, `Bearer ${tenant.token}`);
    await connected;
    const watching = new Subscription(client, 'subscription Watch { orderCreated { id } }');
    const refused = new Subscription(client, 'subscription Nope { nothingHere }');
    await refused.ended();
    let calls: Call[] = [];
    for (let attempt = 0; calls.filter((call) => call.method === 'WS').length < 2; attempt++) {
      expect(attempt).toBeLessThan(50);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      await requestLog().flush();
      calls = (await tenant.rest('GET', '/logs?limit=100')).body.data;
    }
    expect(calls.filter((call) => call.method === 'WS')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: '/graphql', operation_name: 'Watch', status: 200 }),
        expect.objectContaining({ path: '/graphql', operation_name: 'Nope', status: 400 }),
      ]),
    );
    watching.stop();
    await client.dispose();
  });

  it('answers and keeps only the retention’s calls, and purges older ones', async () => {
    const tenant = await platform.tenant({ menu: false });
    const row = (requestId: string, daysAgo: number) => [
      tenant.restaurantId,
      tenant.environment,
      tenant.keyId,
      requestId,
      new Date(Date.now() - daysAgo * 86_400_000).toISOString(),
    ];
    await withDatabase((client) =>
      client.query(
        `insert into gateway.request_log ("restaurant_id", "environment", "key_id", "request_id",
           "method", "path", "status", "latency_ms", "occurred_at")
         values ($1, $2, $3, $4, 'GET', '/api/v1/orders', 200, 3, $5),
                ($6, $7, $8, $9, 'GET', '/api/v1/orders', 200, 3, $10)`,
        [...row('req_six_days_ago', 6), ...row('req_eight_days_ago', 8)],
      ),
    );
    const listed = await tenant.rest('GET', '/logs?limit=100');
    const ids = listed.body.data.map((call: Call) => call.request_id);
    expect(ids).toContain('req_six_days_ago');
    expect(ids).not.toContain('req_eight_days_ago');

    // Another test file's platform starting on the same database may purge it first: what
    // counts is what is left.
    await requestLog().purgeExpired();
    const kept = await withDatabase(async (client) => {
      const { rows } = await client.query<{ request_id: string }>(
        `select request_id from gateway.request_log where key_id = $1 and request_id like 'req_%_ago'`,
        [tenant.keyId],
      );
      return rows.map((r) => r.request_id);
    });
    expect(kept).toEqual(['req_six_days_ago']);
  });

  it('shows in /metrics what waits to be written and what was dropped', async () => {
    const metrics = await platform.request('GET', '/metrics');
    expect(metrics.text).toMatch(/^sotto_request_log_pending \d+$/m);
    expect(metrics.text).toMatch(/^sotto_request_log_dropped_total 0$/m);
  });

  it('answers hostile filters and cursors with a 200 or a 422, never a server error', async () => {
    const tenant = await platform.tenant({ menu: false, rateLimitPerMinute: 1_000_000 });
    const value = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.constantFrom('4xx', '5xx,404', '599', '1xx', '-1', '9'.repeat(30), '2026-11-26T00:00:00Z'),
      // Cursors just past what a row id (bigint) and a date can hold.
      fc
        .constantFrom('1:9223372036854775808', '9999999999999999:1', '1:' + '9'.repeat(19))
        .map((cursor) => Buffer.from(cursor).toString('base64url')),
      fc.bigInt({ min: 0n, max: 10n ** 25n }).map((n) => `${n}:${n}`),
      fc
        .tuple(fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.bigInt({ min: 0n, max: 10n ** 20n }))
        .map(([a, b]) => Buffer.from(`${a}:${b}`).toString('base64url')),
    );
    const query = fc.dictionary(fc.constantFrom('status', 'since', 'cursor', 'limit'), value, {
      maxKeys: 4,
    });
    await fc.assert(
      fc.asyncProperty(query, async (params) => {
        const answer = await tenant.rest('GET', `/logs?${new URLSearchParams(params)}`);
        expect([200, 422]).toContain(answer.status);
      }),
      { numRuns: 150, seed: 20261126 },
    );
  });

  it('needs an access token', async () => {
    const answer = await platform.request('GET', '/api/v1/logs');
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('unauthenticated');
  });
});
