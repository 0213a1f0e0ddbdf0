import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import type { StoredEvent } from '../../platform/src/events/event-log';
import { compareCursors, logHead, START_OF_LOG } from '../../platform/src/events/event-log-reader';
import { newId } from '../../platform/src/ids';
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
import { newFeedStats } from '../src/subscriptions/event-feed';
import { RedisFanOut, type FanOutSettings } from '../src/subscriptions/redis-fan-out';
import { httpClient, REPLICA_SECRET, until, type Request } from './support/gateway-replica';
import { liveClient, Subscription } from './support/live-client';
import { dropRedisKeys, TEST_REDIS_URL, testRedisPrefix } from '../../test/support/redis-keys';

/**
 * Two gateway replicas against one PostgreSQL (this file's own database) and one Redis (keys
 * under a prefix of this run): replica A runs in the platform with every subgraph; replica B
 * is a gateway alone (SOTTO_SERVICE=gateway), pointed at A's subgraphs through SOTTO_<NAME>_URL,
 * except the menu, served by a menu subgraph started alone (SOTTO_SERVICE=menu).
 */
const REDIS_URL = TEST_REDIS_URL;
const PREFIX = testRedisPrefix('test');
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
  await dropRedisKeys(PREFIX);
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
    const refused = (await unsigned.json()) as {
      data?: unknown;
      errors: { extensions: unknown }[];
    };
    expect(refused.errors[0]!.extensions).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(refused.data ?? null).toBeNull();

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
    const feeds = [a.platform.gateway!, b.gateway!].map((g) => g.subscriptions.feedStats);
    const before = feeds.map((stats) => stats().position);
    const tenant = await a.tenant();
    const created = await requestB('POST', '/api/v1/orders', {
      body: SPEC_ORDER,
      headers: bearer(tenant.token),
    });
    expect(created.status).toBe(201);
    // Both replicas hand the order's event to their subscribers; one of them read it.
    await until(async () =>
      feeds.every((stats, i) => compareCursors(stats().position, before[i]!) > 0),
    );
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

/**
 * The fan-out itself, replicas reduced to their feed: what each hands its hub, in order. Events
 * are appended straight to the log (a type no consumer of this platform acts on).
 */
describe('the Redis fan-out keeps the log the source of truth', () => {
  let pool: Pool;
  let redis: Redis;
  const feeds: RedisFanOut[] = [];
  beforeAll(() => {
    pool = new Pool({ connectionString: a.platform.databaseUrl, max: 2 });
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    for (const feed of feeds) await feed.stop();
    await pool.end();
    await redis.quit();
  });

  const restaurant = () => `rst_fanout_${randomBytes(6).toString('hex')}`;

  async function append(restaurantId: string): Promise<StoredEvent> {
    const id = newId('event');
    const { rows } = await pool.query<{ cursor: string; seq: string; occurred_at: Date }>(
      `insert into events.event_log
         (id, type, restaurant_id, environment, aggregate_type, aggregate_id, payload)
       values ($1, 'inventory.low_stock', $2, 'sandbox', 'inventory_item', 'inv_1', '{}')
       returning tx_id::text || ':' || seq as cursor, seq, occurred_at`,
      [id, restaurantId],
    );
    const row = rows[0]!;
    return {
      id,
      seq: String(row.seq),
      cursor: row.cursor,
      type: 'inventory.low_stock',
      restaurantId,
      environment: 'sandbox',
      aggregateType: 'inventory_item',
      aggregateId: 'inv_1',
      payload: {},
      occurredAt: row.occurred_at,
    };
  }

  async function replica(settings: Partial<FanOutSettings> & { keyPrefix: string }) {
    const delivered: StoredEvent[] = [];
    const from = await logHead(pool);
    const stats = newFeedStats(from);
    const feed = await RedisFanOut.start(
      {
        databaseUrl: a.platform.databaseUrl,
        pool,
        from,
        deliver: (event) => delivered.push(event),
        logger: createLogger('fan-out', 'silent'),
        stats,
      },
      { redisUrl: REDIS_URL, tickMs: 50, leaseMs: 300, silenceMs: 60_000, ...settings },
    );
    feeds.push(feed);
    const of = (restaurantId: string) =>
      delivered.filter((event) => event.restaurantId === restaurantId).map((e) => e.cursor);
    return { feed, stats, of };
  }

  /** Whether a replica listens on the channel of `prefix` (subscribed, or again after a drop). */
  const listening = (prefix: string) => async () =>
    ((await redis.pubsub('NUMSUB', `${prefix}:events`)) as [string, number])[1] === 1;
  /** Waits until readers of the log may see `event`, as a leader must before publishing it. */
  const readable = (event: StoredEvent) =>
    until(async () => compareCursors(await logHead(pool), event.cursor) >= 0);

  const publish = (prefix: string, message: unknown) =>
    redis.publish(`${prefix}:events`, JSON.stringify(message));
  const onChannel = (prev: string, event: StoredEvent) => ({
    kind: 'event',
    prev,
    event: { ...event, occurredAt: event.occurredAt.toISOString() },
  });

  it('a replica that missed messages reads them from the log, and skips repeats', async () => {
    const prefix = `${PREFIX}-gap`;
    // Another replica holds the lease: this one only listens, and we speak for the leader.
    await redis.set(`${prefix}:events:leader`, 'another-replica', 'PX', 60_000);
    const follower = await replica({ keyPrefix: prefix });
    await until(listening(prefix));
    const rst = restaurant();
    const [e1, e2, e3] = [await append(rst), await append(rst), await append(rst)];
    await readable(e3!);

    // The messages of e1 and e2 were lost: e3's says what was published before it.
    await publish(prefix, onChannel(e2!.cursor, e3!));
    await until(async () => follower.of(rst).length >= 3);
    expect(follower.of(rst)).toEqual([e1!.cursor, e2!.cursor, e3!.cursor]);
    expect(follower.stats.eventsRead.recovery).toBeGreaterThanOrEqual(2);

    // The last message was lost: the leader's next `head` tells, and the log gives it.
    const e4 = await append(rst);
    await readable(e4);
    await publish(prefix, { kind: 'head', cursor: e4.cursor });
    await until(async () => follower.of(rst).length >= 4);

    // A repeat (a deposed leader, say) is skipped; the next event comes once.
    const e5 = await append(rst);
    await readable(e5);
    await publish(prefix, onChannel(e2!.cursor, e3!));
    await publish(prefix, onChannel(e4.cursor, e5));
    await until(async () => follower.of(rst).length >= 5);
    expect(follower.of(rst)).toEqual([e1, e2, e3, e4, e5].map((e) => e!.cursor));
    expect(follower.stats).toMatchObject({ leader: false, fallback: false });
    expect(follower.stats.eventsRead.leader + follower.stats.eventsRead.local).toBe(0);
  });

  it('a replica whose Redis connection drops resubscribes and reads what it missed', async () => {
    const prefix = `${PREFIX}-blip`;
    await redis.set(`${prefix}:events:leader`, 'another-replica', 'PX', 60_000);
    const follower = await replica({ keyPrefix: prefix });
    await until(listening(prefix));
    const rst = restaurant();
    const e1 = await append(rst);
    await readable(e1);

    // Redis drops the replica's subscription: what is published meanwhile does not reach it.
    const clients = (await redis.client('LIST')) as string;
    const line = clients.split('\n').find((l) => l.includes(`name=${prefix}:events:listen:`))!;
    await redis.client('KILL', 'ID', /id=(\d+)/.exec(line)![1]!);
    await publish(prefix, onChannel(START_OF_LOG, e1));
    await until(listening(prefix));

    // The next word from the leader says where the log is: the replica reads it from there.
    const e2 = await append(rst);
    await readable(e2);
    await publish(prefix, { kind: 'head', cursor: e2.cursor });
    await until(async () => follower.of(rst).length >= 2);
    expect(follower.of(rst)).toEqual([e1.cursor, e2.cursor]);
    // A blip shorter than the silence allowed is made good from the log, without falling back.
    expect(follower.stats).toMatchObject({ fallback: false, fallbacks: 0 });
    expect(follower.stats.eventsRead.recovery).toBeGreaterThanOrEqual(1);
  });

  it('one replica holds the lease and reads the log; when it dies another takes over', async () => {
    const prefix = `${PREFIX}-lease`;
    const one = await replica({ keyPrefix: prefix });
    const two = await replica({ keyPrefix: prefix });
    await until(async () => one.stats.leader || two.stats.leader);
    const [leader, follower] = one.stats.leader ? [one, two] : [two, one];
    const rst = restaurant();
    const first = await append(rst);
    await until(async () => leader.of(rst).length === 1 && follower.of(rst).length === 1);
    expect(follower.of(rst)).toEqual([first.cursor]);
    expect(leader.stats.eventsRead.leader).toBeGreaterThanOrEqual(1);
    expect(follower.stats.eventsRead.leader).toBe(0);
    expect(follower.stats.leader).toBe(false);

    // The leader dies with its lease still held: the lease runs out and the follower leads.
    await leader.feed.stop();
    await redis.set(`${prefix}:events:leader`, 'a-replica-that-died', 'PX', 300);
    await until(async () => follower.stats.leader);
    const second = await append(rst);
    await until(async () => follower.of(rst).length === 2);
    expect(follower.of(rst)).toEqual([first.cursor, second.cursor]);
    expect(follower.stats.eventsRead.leader).toBeGreaterThanOrEqual(1);
  });

  it('with Redis unreachable, a replica reads the log itself and says so', async () => {
    const alone = await replica({
      keyPrefix: `${PREFIX}-down`,
      redisUrl: 'redis://127.0.0.1:1',
    });
    expect(alone.stats).toMatchObject({ fallback: true, fallbacks: 1, leader: false });
    const rst = restaurant();
    const event = await append(rst);
    await until(async () => alone.of(rst).length === 1);
    expect(alone.of(rst)).toEqual([event.cursor]);
    expect(alone.stats.eventsRead.local).toBeGreaterThanOrEqual(1);
  });
});
