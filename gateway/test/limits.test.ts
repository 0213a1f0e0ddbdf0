import { dropRedisKeys, TEST_REDIS_URL, testRedisPrefix } from '../../test/support/redis-keys';
import {
  bootTestPlatform,
  SPEC_ORDER,
  type TestPlatform,
  type TestTenant,
} from '../../test/support/test-platform';
import {
  REPLICA_SECRET,
  slowRequest,
  startReplica,
  until,
  type Replica,
  type SlowRequest,
  type Request,
} from './support/gateway-replica';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await bootTestPlatform({ SOTTO_INTERNAL_SECRET: REPLICA_SECRET });
});
afterAll(() => platform?.stop());

const ORDERS_QUERY = '{ orders { nodes { id } } }';
const bearer = (tenant: TestTenant) => ({ authorization: `Bearer ${tenant.token}` });
/** Drops what is still in flight, so that a failed test does not hold the server open. */
const abandon = (requests: SlowRequest[]) => {
  for (const request of requests) {
    request.answer.catch(() => {});
    request.abort();
  }
};
const rateHeaders = (headers: Headers) => ({
  limit: headers.get('ratelimit-limit'),
  remaining: headers.get('ratelimit-remaining'),
  policy: headers.get('ratelimit-policy'),
});

describe('requests a minute per API key', () => {
  it('every answer carries the RateLimit headers, counting down over REST and GraphQL alike', async () => {
    const tenant = await platform.tenant();
    const answers = [
      await tenant.rest('GET', '/orders'),
      await tenant.graphql(ORDERS_QUERY),
      await tenant.rest('GET', '/orders/ord_unknown'),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 404]);
    expect(answers.map((answer) => rateHeaders(answer.headers))).toEqual(
      ['499', '498', '497'].map((remaining) => ({ limit: '500', remaining, policy: '500;w=60' })),
    );
    for (const answer of answers) {
      const reset = Number(answer.headers.get('ratelimit-reset'));
      expect(Number.isInteger(reset) && reset >= 1 && reset <= 60).toBe(true);
    }
  });

  it('past its own limit, a key gets 429 rate_limited with Retry-After, in REST and GraphQL', async () => {
    const tenant = await platform.tenant({ rateLimitPerMinute: 5 });
    for (let i = 4; i >= 0; i--) {
      const answer = await tenant.rest('GET', '/orders');
      expect(answer.status).toBe(200);
      expect(rateHeaders(answer.headers)).toEqual({
        limit: '5',
        remaining: String(i),
        policy: '5;w=60',
      });
    }
    const refused = await tenant.rest('POST', '/orders', SPEC_ORDER);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({
      code: 'rate_limited',
      request_id: refused.headers.get('x-request-id'),
      details: { limit: 5, window_seconds: 60 },
    });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
    expect(refused.headers.get('ratelimit-remaining')).toBe('0');

    const graphql = await tenant.graphql(ORDERS_QUERY);
    expect(graphql.status).toBe(429);
    expect(graphql.headers.get('retry-after')).toEqual(expect.any(String));
    expect((graphql.body as any).error.code).toBe('rate_limited');
  });

  it('two keys, even of one restaurant, do not share a budget', async () => {
    const first = await platform.tenant({ rateLimitPerMinute: 2 });
    const second = await platform.tenant({
      restaurantId: first.restaurantId,
      menu: false,
      rateLimitPerMinute: 2,
    });
    expect((await first.rest('GET', '/orders')).status).toBe(200);
    expect((await first.rest('GET', '/orders')).status).toBe(200);
    expect((await first.rest('GET', '/orders')).status).toBe(429);
    const other = await second.rest('GET', '/orders');
    expect(other.status).toBe(200);
    expect(other.headers.get('ratelimit-remaining')).toBe('1');
  });

  it('a GraphQL batch of N operations costs N', async () => {
    const tenant = await platform.tenant({ rateLimitPerMinute: 10 });
    const batch = (size: number) =>
      platform.request('POST', '/graphql', {
        body: Array.from({ length: size }, () => ({ query: ORDERS_QUERY })),
        headers: bearer(tenant),
      });
    const three = await batch(3);
    expect(three.status).toBe(200);
    expect(three.body).toEqual([
      { data: { orders: { nodes: [] } } },
      { data: { orders: { nodes: [] } } },
      { data: { orders: { nodes: [] } } },
    ]);
    expect(three.headers.get('ratelimit-remaining')).toBe('7');
    const tooMany = await batch(8);
    expect(tooMany.status).toBe(429);
    expect(tooMany.body.error.code).toBe('rate_limited');
  });

  it('health, readiness and the JWKS are not limited', async () => {
    for (const path of ['/healthz', '/readyz', '/.well-known/jwks.json']) {
      const answer = await platform.request('GET', path);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('ratelimit-limit')).toBeNull();
    }
  });
});

describe('token exchanges a minute per client IP', () => {
  let replica: Replica;
  beforeAll(async () => {
    replica = await startReplica(platform, { SOTTO_AUTH_RATE_PER_MINUTE: '3' });
  });
  afterAll(() => replica?.stop());

  it('good and bad keys alike count; past the limit, 429 even for a good key', async () => {
    const tenant = await platform.tenant();
    const exchange = (apiKey: string) =>
      replica.request('POST', '/api/v1/auth/token', { body: { api_key: apiKey } });
    const first = await exchange(tenant.apiKey);
    expect(first.status).toBe(200);
    expect(rateHeaders(first.headers)).toEqual({ limit: '3', remaining: '2', policy: '3;w=60' });
    expect((await exchange('sk_sandbox_00000000000000000000000000000000')).status).toBe(401);
    expect((await exchange(tenant.apiKey)).status).toBe(200);
    const refused = await exchange(tenant.apiKey);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
    expect(refused.headers.get('retry-after')).toEqual(expect.any(String));
    expect(refused.text).not.toContain('access_token');
    // calls with a token draw on their key, not on the address
    const call = await replica.request('GET', '/api/v1/orders', { headers: bearer(tenant) });
    expect(call.status).toBe(200);
  });
});

describe('requests in flight per API key', () => {
  const inUse = (tenant: TestTenant, gateway = platform.platform.gateway!) =>
    gateway.limits.connectionsInUse(tenant.keyId);
  const slowOrder = (tenant: TestTenant, url = platform.url) =>
    slowRequest(url, 'POST', '/api/v1/orders', SPEC_ORDER, bearer(tenant));

  it('past maxConnections, 429 too_many_connections with Retry-After: 1; slots come back', async () => {
    const tenant = await platform.tenant({ maxConnections: 2 });
    const slow = [slowOrder(tenant), slowOrder(tenant)];
    try {
      await until(async () => (await inUse(tenant)) === 2);
      const refused = await tenant.rest('GET', '/orders');
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('1');
      expect(refused.body.error).toMatchObject({
        code: 'too_many_connections',
        details: { max_connections: 2 },
      });
      const graphql = await tenant.graphql(ORDERS_QUERY);
      expect(graphql.status).toBe(429);
      expect((graphql.body as any).error.code).toBe('too_many_connections');

      for (const request of slow) request.finish();
      for (const request of slow) expect((await request.answer).status).toBe(201);
      await until(async () => (await inUse(tenant)) === 0);
      expect((await tenant.rest('GET', '/orders')).body.data).toHaveLength(2);
    } finally {
      abandon(slow);
    }
  });

  it('a request the client abandons, or that fails, gives its slot back', async () => {
    const tenant = await platform.tenant({ maxConnections: 1 });
    const abandoned = slowOrder(tenant);
    try {
      await until(async () => (await inUse(tenant)) === 1);
      expect((await tenant.rest('GET', '/orders')).status).toBe(429);
    } finally {
      abandon([abandoned]);
    }
    await until(async () => (await inUse(tenant)) === 0);

    const failures = [
      await tenant.rest('POST', '/orders', { items: 'none' }),
      await tenant.rest('GET', '/orders/ord_unknown'),
      await platform.request('POST', '/api/v1/orders', {
        raw: '{"items":',
        headers: { ...bearer(tenant), 'content-type': 'application/json' },
      }),
    ];
    expect(failures.map((answer) => answer.status)).toEqual([422, 404, 400]);
    await until(async () => (await inUse(tenant)) === 0);
    expect((await tenant.rest('GET', '/orders')).status).toBe(200);
  });

  it('the default comes from SOTTO_MAX_CONNECTIONS_PER_KEY', async () => {
    const replica = await startReplica(platform, { SOTTO_MAX_CONNECTIONS_PER_KEY: '1' });
    const tenant = await platform.tenant();
    const slow = slowOrder(tenant, replica.gateway.url);
    try {
      await until(async () => (await inUse(tenant, replica.gateway)) === 1);
      const refused = await replica.request('GET', '/api/v1/orders', { headers: bearer(tenant) });
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe('too_many_connections');
      slow.finish();
      expect((await slow.answer).status).toBe(201);
    } finally {
      abandon([slow]);
      await replica.stop();
    }
  });
});

describe('with REDIS_URL, gateway replicas share the limits', () => {
  const prefix = testRedisPrefix('test');
  const env = { REDIS_URL: TEST_REDIS_URL, SOTTO_REDIS_KEY_PREFIX: prefix };
  let one: Replica;
  let two: Replica;
  beforeAll(async () => {
    one = await startReplica(platform, env);
    two = await startReplica(platform, env);
  });
  afterAll(async () => {
    await one?.stop();
    await two?.stop();
    await dropRedisKeys(prefix);
  });

  const get = (replica: Replica, tenant: TestTenant) =>
    replica.request('GET', '/api/v1/orders', { headers: bearer(tenant) });

  it('one budget per key across replicas', async () => {
    const tenant = await platform.tenant({ rateLimitPerMinute: 4 });
    const answers = [
      await get(one, tenant),
      await get(two, tenant),
      await get(one, tenant),
      await get(two, tenant),
    ];
    expect(answers.map((answer) => answer.headers.get('ratelimit-remaining'))).toEqual([
      '3',
      '2',
      '1',
      '0',
    ]);
    const refused = await get(one, tenant);
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('rate_limited');
  });

  it('one connection count per key across replicas', async () => {
    const tenant = await platform.tenant({ maxConnections: 1 });
    const slow = slowRequest(one.gateway.url, 'POST', '/api/v1/orders', SPEC_ORDER, bearer(tenant));
    try {
      await until(async () => (await two.gateway.limits.connectionsInUse(tenant.keyId)) === 1);
      const refused = await get(two, tenant);
      expect(refused.status).toBe(429);
      expect(refused.body.error.code).toBe('too_many_connections');
      slow.finish();
      expect((await slow.answer).status).toBe(201);
    } finally {
      abandon([slow]);
    }
    await until(async () => (await two.gateway.limits.connectionsInUse(tenant.keyId)) === 0);
    expect((await get(two, tenant)).status).toBe(200);
  });

  it('while Redis is unreachable, each replica keeps limiting on its own', async () => {
    const lost = await startReplica(platform, {
      REDIS_URL: 'redis://127.0.0.1:1',
      SOTTO_REDIS_KEY_PREFIX: prefix,
    });
    try {
      const tenant = await platform.tenant({ rateLimitPerMinute: 2, maxConnections: 1 });
      const request: Request = lost.request;
      const call = () => request('GET', '/api/v1/orders', { headers: bearer(tenant) });
      expect((await call()).status).toBe(200);
      expect((await call()).headers.get('ratelimit-remaining')).toBe('0');
      expect((await call()).status).toBe(429);
    } finally {
      await lost.stop();
    }
  });
});
