import http from 'node:http';
import { Client } from 'pg';
import { newId } from '../../platform/src/ids';
import { consumersCaughtUp } from '../../test/support/event-consumers';
import { eventually } from '../../test/support/eventually';
import { createScratchDatabase } from '../../test/support/test-platform';
import { PlatformProcess } from '../../test/support/platform-process';
import { until } from '../../gateway/test/support/gateway-replica';
import { dropRedisKeys, TEST_REDIS_URL, testRedisPrefix } from '../../test/support/redis-keys';

/**
 * `npm start` with SOTTO_WORKERS=2: two processes serving one port, on one database (this
 * file's own) and one Redis (keys under a prefix of this run). Every request below opens a
 * connection of its own, so that the primary hands them to the workers in turn.
 */
const PREFIX = testRedisPrefix('cluster');
const RATE_LIMIT = 6;

let database: { url: string; drop(): Promise<void> };
let platform: PlatformProcess;

beforeAll(async () => {
  database = await createScratchDatabase();
  platform = await PlatformProcess.start(database.url, {
    REDIS_URL: TEST_REDIS_URL,
    SOTTO_REDIS_KEY_PREFIX: PREFIX,
    SOTTO_WORKERS: '2',
    SOTTO_RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
  });
}, 120_000);
afterAll(async () => {
  await platform?.stop();
  await database?.drop();
  await dropRedisKeys(PREFIX);
});

/** One request on a connection of its own (no keep-alive): status and body. */
function fresh(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const request = http.get(platform.url + path, { agent: false, headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode!, body }));
    });
    request.on('error', reject);
  });
}

/** The process ids that logged a `request` line for `url`. */
const servedBy = (url: string) =>
  new Set(
    platform
      .records()
      .filter((line) => line.msg === 'request' && line.url === url)
      .map((line) => line.pid),
  );

/** The workers, as the primary logged them when each began serving. */
const workers = () =>
  platform
    .records()
    .filter((line) => line.msg === 'worker serving')
    .map((line) => ({ pid: line.workerPid as number, background: line.background as boolean }));
const workerPids = () => workers().map((worker) => worker.pid);

/** Appends an event that every consumer reads and none acts on (a restaurant of no one's). */
async function appendIgnoredEvent(): Promise<void> {
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(
      `insert into events.event_log
         (id, type, restaurant_id, environment, aggregate_type, aggregate_id, payload)
       values ($1, 'reservation.created', $2, 'sandbox', 'reservation', $3, '{}')`,
      [newId('event'), newId('restaurant'), newId('reservation')],
    );
  } finally {
    await client.end();
  }
}

/** `sample`'s value in a `/metrics` text. */
function figure(text: string, sample: string): number {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${sample} `));
  return line ? Number(line.slice(sample.length + 1)) : NaN;
}

describe('SOTTO_WORKERS: several processes on one port', () => {
  it('announces the platform once, when every worker serves', async () => {
    expect(platform.lines.filter((line) => line.startsWith('Sotto gateway on '))).toHaveLength(1);
    // The announcement's later lines may reach the pipe after the one the start waited for.
    const workersLine = 'Workers  2 processes on the same port (SOTTO_WORKERS)';
    await eventually(
      async () => platform.log(),
      (log) => log.includes(workersLine),
      5_000,
    );
    expect(new Set(workerPids()).size).toBe(2);
    // The services' background work runs in one of them, not twice.
    expect(workers().map((worker) => worker.background)).toEqual([true, false]);
  });

  it('serves from both workers; /metrics counts the requests of both, whichever answers', async () => {
    for (let i = 0; i < 10; i++) expect((await fresh('/healthz')).status).toBe(200);
    await until(async () => servedBy('/healthz').size === 2);
    const sample =
      'sotto_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"}';
    for (let scrape = 0; scrape < 4; scrape++) {
      const metrics = await fresh('/metrics');
      expect(metrics.status).toBe(200);
      expect(figure(metrics.body, sample)).toBe(10);
      // A state, not a count: each worker's cache listens, and the sum would say 2.
      expect(figure(metrics.body, 'sotto_read_cache_listening')).toBe(1);
      // One worker holds the fan-out lease.
      expect(figure(metrics.body, 'sotto_subscription_fanout_leader')).toBe(1);
    }
    // Both workers answered scrapes, and each gave the sum.
    expect(servedBy('/metrics').size).toBe(2);
  });

  it("counts one key's rate limit across both workers", async () => {
    const authorization = `Bearer ${await platform.token()}`;
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT + 4; i++) {
      statuses.push((await fresh('/api/v1/orders', { authorization })).status);
    }
    expect(statuses).toEqual([...Array(RATE_LIMIT).fill(200), 429, 429, 429, 429]);
    await until(async () => servedBy('/api/v1/orders').size === 2);
  });

  it('replaces a worker that dies, with its background work; the other serves meanwhile', async () => {
    const [victim, survivor] = workerPids();
    process.kill(victim!, 'SIGKILL');
    await until(async () => workerPids().length === 3);
    const replacement = workers()[2]!;
    expect([victim, survivor]).not.toContain(replacement.pid);
    expect(replacement.background).toBe(true);
    expect(platform.log()).toContain('worker exited: starting another');
    for (let i = 0; i < 6; i++) expect((await fresh('/healthz')).status).toBe(200);
    await until(async () => servedBy('/healthz').has(replacement.pid));
    // The event consumers run again, in the replacement: an event appended now is read by all.
    await appendIgnoredEvent();
    await consumersCaughtUp(database.url);
  }, 90_000);

  it('stops every worker on SIGTERM, and exits 0', async () => {
    platform.kill('SIGTERM');
    expect(await platform.exited).toEqual({ code: 0, signal: null });
    const stopped = platform.records().filter((line) => line.msg === 'stopped');
    // The two workers serving now, and the primary.
    expect(stopped).toHaveLength(3);
  });
});

describe('SOTTO_WORKERS where it does not apply', () => {
  it('refuses to start without Redis, and says why', async () => {
    const database = await createScratchDatabase();
    try {
      await expect(PlatformProcess.start(database.url, { SOTTO_WORKERS: '2' })).rejects.toThrow(
        /SOTTO_WORKERS above 1 needs REDIS_URL/,
      );
    } finally {
      await database.drop();
    }
  });

  it('refuses to run a subgraph as workers', async () => {
    await expect(
      PlatformProcess.start(undefined, {
        SOTTO_WORKERS: '2',
        SOTTO_SERVICE: 'orders',
        SOTTO_INTERNAL_SECRET: 'x'.repeat(32),
        REDIS_URL: TEST_REDIS_URL,
      }),
    ).rejects.toThrow(/SOTTO_WORKERS above 1 runs SOTTO_SERVICE=all or gateway/);
  });
});
