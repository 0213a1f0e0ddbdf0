import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { loadConfig } from '../../platform/src/config';
import { createLogger } from '../../platform/src/logger';
import { startPlatform, type RunningPlatform } from '../../launcher/src/platform';
import {
  bootTestPlatform,
  SPEC_ORDER,
  useOwnDatabase,
  type TestPlatform,
} from '../../test/support/test-platform';
import { SUBGRAPHS } from '../src/subgraph-list';
import { httpClient, REPLICA_SECRET, until, type Request } from './support/gateway-replica';
import { liveClient, Subscription } from './support/live-client';

/**
 * Two gateway replicas against one PostgreSQL (this file's own database) and one Redis (keys
 * under a prefix of this run): replica A runs in the platform with every subgraph; replica B
 * is a gateway alone (SOTTO_SERVICE=gateway), pointed at A's subgraphs through SOTTO_<NAME>_URL,
 * except the menu, served by a menu subgraph started alone (SOTTO_SERVICE=menu).
 */
const REDIS_URL = 'redis://127.0.0.1:6379';
const PREFIX = `sotto-test-${randomBytes(6).toString('hex')}`;
const shared = {
  REDIS_URL,
  SOTTO_REDIS_KEY_PREFIX: PREFIX,
  SOTTO_INTERNAL_SECRET: REPLICA_SECRET,
};

let database: { drop(): Promise<void> };
let a: TestPlatform;
let menuAlone: RunningPlatform;
let b: RunningPlatform;
let requestB: Request;

/** Starts one part of the platform as its own process would, from environment variables. */
function startRole(env: Record<string, string>): Promise<RunningPlatform> {
  const config = loadConfig({
    DATABASE_URL: a.platform.databaseUrl,
    HOST: '127.0.0.1',
    PORT: '0',
    SOTTO_DB_POOL_MAX: '2',
    ...shared,
    ...env,
  });
  return startPlatform(config, createLogger('scale-out', 'silent'));
}

beforeAll(async () => {
  database = await useOwnDatabase();
  a = await bootTestPlatform(shared);
  menuAlone = await startRole({ SOTTO_SERVICE: 'menu' });
  const urls = Object.fromEntries(
    SUBGRAPHS.map(({ name }) => [
      `SOTTO_${name.toUpperCase()}_URL`,
      name === 'menu'
        ? menuAlone.subgraphs[0]!.url
        : a.platform.subgraphs.find((s) => s.name === name)!.url,
    ]),
  );
  b = await startRole({ SOTTO_SERVICE: 'gateway', ...urls });
  requestB = httpClient(b.url!);
}, 60_000);

afterAll(async () => {
  await b?.stop();
  await menuAlone?.stop();
  await a?.stop();
  await database?.drop();
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${PREFIX}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The value of one sample line, `name{labels} value`, in a /metrics text. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('a part of the platform started alone', () => {
  it('a subgraph serves its own health, refuses unsigned calls, and serves a gateway', async () => {
    const menu = menuAlone.subgraphs[0]!;
    expect(menuAlone.subgraphs.map((s) => s.name)).toEqual(['menu']);
    expect(menuAlone.gateway).toBeUndefined();
    expect((await fetch(new URL('/readyz', menu.url))).status).toBe(200);
    const unsigned = await fetch(menu.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ menuItems { id } }' }),
    });
    expect(JSON.stringify(await unsigned.json())).toMatch(/UNAUTHENTICATED|FORBIDDEN/);

    const tenant = await a.tenant();
    const menuThroughB = await requestB('POST', '/graphql', {
      body: { query: '{ menuItems { id name } }' },
      headers: bearer(tenant.token),
    });
    expect(menuThroughB.status).toBe(200);
    expect(menuThroughB.body.data.menuItems.map((item: { id: string }) => item.id)).toContain(
      'burger_1',
    );
    expect((await requestB('GET', '/readyz')).status).toBe(200);
  });
});

describe('two gateway replicas sharing one Redis', () => {
  it('a subscription on replica A receives an order created through replica B', async () => {
    const tenant = await a.tenant();
    const { client, connected } = liveClient(a.url, `Bearer ${tenant.token}`);
    await connected;
    try {
      const hub = a.platform.gateway!.subscriptions.hub;
      const before = hub.size;
      const live = new Subscription(client, 'subscription { orderCreated { id tableId } }');
      await until(async () => hub.size > before);
      const created = await requestB('POST', '/api/v1/orders', {
        body: SPEC_ORDER,
        headers: bearer(tenant.token),
      });
      expect(created.status).toBe(201);
      const [result] = await live.take(1);
      expect(result!.data).toEqual({
        orderCreated: { id: created.body.order_id, tableId: '12' },
      });
      live.stop();
    } finally {
      await client.dispose();
    }
  });

  it('the log is read for live subscriptions by one replica only, the lease holder', async () => {
    // Both replicas have delivered the order of the test above; one of them read it.
    const [textA, textB] = await Promise.all(
      [a.request, requestB].map(async (request) => (await request('GET', '/metrics')).text),
    );
    const figures = [textA, textB].map((text) => ({
      leader: sample(text, 'sotto_subscription_fanout_leader'),
      fallback: sample(text, 'sotto_subscription_fanout_fallback'),
      readAsLeader: sample(text, 'sotto_subscription_log_events_read_total{source="leader"}'),
      readLocally: sample(text, 'sotto_subscription_log_events_read_total{source="local"}'),
    }));
    expect(figures.map((f) => f.leader).sort()).toEqual([0, 1]);
    const leader = figures.find((f) => f.leader === 1)!;
    const follower = figures.find((f) => f.leader === 0)!;
    expect(leader.readAsLeader).toBeGreaterThanOrEqual(1);
    expect(follower.readAsLeader).toBe(0);
    for (const f of figures) {
      expect(f.readLocally).toBe(0);
      expect(f.fallback).toBe(0);
    }
  });

  it("one key's rate limit is counted across both replicas", async () => {
    const tenant = await a.tenant({ rateLimitPerMinute: 5 });
    const onA = () => a.request('GET', '/api/v1/orders', { headers: bearer(tenant.token) });
    const onB = () => requestB('GET', '/api/v1/orders', { headers: bearer(tenant.token) });
    const statuses = [];
    for (const call of [onA, onA, onA, onB, onB]) statuses.push((await call()).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    const sixth = await onB();
    expect(sixth.status).toBe(429);
    expect(sixth.body.error.code).toBe('rate_limited');
  });
});
