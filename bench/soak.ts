/**
 * `npm run soak -- [--minutes 10] [--keys 4] [--rate 500] [--connections 25]`: the platform
 * (`bin/start.ts` in a child process) under the spec's limits for a while: each key sends
 * `rate` requests a minute with up to `connections` in flight, reads and writes mixed, while
 * webhooks flow to a local receiver. Every minute it prints the platform's memory, the errors
 * and the latencies; at the end, a verdict on memory growth, errors and p99 drift.
 * On DATABASE_URL's server (a database of its own, dropped at the end) or an embedded one.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { z } from 'zod';
import { startEmbeddedPostgres } from '../platform/src/database/embedded-postgres';
import { openServiceDatabase } from '../launcher/src/databases';
import { DEMO_RESTAURANT_NAME } from '../launcher/src/demo-seed';
import { IdentityService } from '../subgraphs/identity/src';
import { PlatformProcess } from '../test/support/platform-process';
import { SPEC_ORDER } from '../test/support/test-platform';

const Options = z.object({
  minutes: z.coerce.number().positive().default(10),
  keys: z.coerce.number().int().positive().default(4),
  rate: z.coerce.number().int().positive().default(500),
  connections: z.coerce.number().int().positive().default(25),
});
type Options = z.infer<typeof Options>;

/**
 * Past these, the verdict fails: growth of the heap's floor (the least heap a window of minutes
 * saw, after the collector ran: a leak raises it, a sawtooth does not) from the early window to
 * the late one; p99 of the last minute over the first measured one.
 */
const LIMITS = { memoryGrowth: 0.2, p99Drift: 1.5 };

interface Minute {
  durations: number[];
  errors: number;
  limited: number;
  skipped: number;
}

const newMinute = (): Minute => ({ durations: [], errors: 0, limited: 0, skipped: 0 });

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function scratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const server = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, stop: async () => {} }
    : await startEmbeddedPostgres({ dataDir: path.resolve(__dirname, '../.data/soak') });
  const name = `sotto_soak_${randomBytes(6).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: server.url });
    await client.connect();
    await client.query(sql);
    await client.end();
  };
  await admin(`create database ${name}`);
  const url = new URL(server.url);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin(`drop database if exists ${name} with (force)`);
      await server.stop();
    },
  };
}

/** API keys of the demo restaurant, one per simulated integrator. */
async function createKeys(databaseUrl: string, count: number): Promise<string[]> {
  const orm = await openServiceDatabase('identity', databaseUrl, 1);
  try {
    const identity = new IdentityService(orm.em.fork());
    const demo = await identity.findRestaurantByName(DEMO_RESTAURANT_NAME);
    if (!demo) throw new Error('the demo restaurant was not seeded');
    const keys: string[] = [];
    for (let i = 0; i < count; i++) {
      const { secret } = await identity.createApiKey({
        restaurantId: demo.id,
        environment: 'sandbox',
      });
      keys.push(secret);
    }
    return keys;
  } finally {
    await orm.close();
  }
}

/** A webhook receiver that answers 200 and counts what it got. */
async function startReceiver(): Promise<{ server: Server; url: string; count: () => number }> {
  let received = 0;
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      received += 1;
      response.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}/soak`, count: () => received };
}

/** One integrator: its token, its orders, and a request every `60 000 / rate` ms. */
class KeyLoad {
  private inFlight = 0;
  private readonly orders: string[] = [];
  private timer?: NodeJS.Timeout;
  private sent = 0;

  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    private readonly options: Options,
    private readonly minute: () => Minute,
  ) {}

  static async start(baseUrl: string, apiKey: string, options: Options, minute: () => Minute) {
    const response = await fetch(`${baseUrl}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: apiKey }),
    });
    const { access_token } = (await response.json()) as { access_token: string };
    const load = new KeyLoad(baseUrl, access_token, options, minute);
    load.timer = setInterval(() => load.tick(), 60_000 / options.rate);
    return load;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async call(method: string, path: string, body?: unknown): Promise<Record<string, any> | null> {
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (response.status === 429) this.minute().limited += 1;
    else if (response.status >= 400) this.minute().errors += 1;
    return response.ok && text ? (JSON.parse(text) as Record<string, any>) : null;
  }

  /** Mixed: a third writes (new orders, cancellations), the rest reads. */
  private request(): Promise<unknown> {
    const turn = this.sent++ % 6;
    const recent = this.orders[this.orders.length - 1];
    if (turn === 0 || !recent) {
      return this.call('POST', '/orders', SPEC_ORDER).then((order) => {
        if (!order) return;
        this.orders.push(order.order_id as string);
      });
    }
    // Each order is cancelled once, later: its stock comes back, so the soak never runs out.
    if (turn === 1 && this.orders.length > 1) {
      return this.call('PATCH', `/orders/${this.orders.shift()}/status`, { status: 'cancelled' });
    }
    if (turn === 2 || turn === 3) return this.call('GET', `/orders/${recent}`);
    if (turn === 4) return this.call('GET', '/inventory/items?limit=10');
    return this.call('GET', '/orders?limit=10');
  }

  private tick(): void {
    if (this.inFlight >= this.options.connections) {
      this.minute().skipped += 1;
      return;
    }
    this.inFlight += 1;
    const started = performance.now();
    this.request()
      .catch(() => (this.minute().errors += 1))
      .finally(() => {
        this.inFlight -= 1;
        this.minute().durations.push(performance.now() - started);
      });
  }
}

/** The platform's RSS and heap, from its Prometheus metrics. */
async function memoryOf(baseUrl: string): Promise<{ rss: number; heap: number }> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const gauge = (name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    rss: gauge('sotto_gateway_process_resident_memory_bytes'),
    heap: gauge('sotto_gateway_nodejs_heap_size_used_bytes'),
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main() {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string' },
      keys: { type: 'string' },
      rate: { type: 'string' },
      connections: { type: 'string' },
    },
  });
  const options = Options.parse(values);
  console.log(
    `soak: ${options.keys} keys × ${options.rate} requests/min, up to ${options.connections} ` +
      `in flight each, for ${options.minutes} min`,
  );
  const database = await scratchDatabase();
  const receiver = await startReceiver();
  let platform: PlatformProcess | undefined;
  try {
    platform = await PlatformProcess.start(database.url, {
      SOTTO_WEBHOOK_RATE_PER_MINUTE: '100000',
      LOG_LEVEL: 'warn',
    });
    const keys = await createKeys(database.url, options.keys);
    let minute = newMinute();
    const loads = await Promise.all(
      keys.map((key) => KeyLoad.start(platform!.url, key, options, () => minute)),
    );
    await loads[0]!.call('POST', '/webhooks', { event: '*', target_url: receiver.url });
    const stock = await loads[0]!.call('GET', '/inventory/items?limit=100');
    for (const item of (stock?.data ?? []) as { item_id: string }[]) {
      await loads[0]!.call('PATCH', `/inventory/items/${item.item_id}/stock`, { quantity: 100000 });
    }

    const rows: Array<{ rss: number; heap: number; errors: number; p50: number; p99: number }> = [];
    console.log('min  rss      heap     requests  errors  429  skipped  p50 ms  p99 ms  webhooks');
    const minutes = Math.ceil(options.minutes);
    for (let index = 1; index <= minutes; index++) {
      const length = Math.min(1, options.minutes - (index - 1)) * 60_000;
      await new Promise((resolve) => setTimeout(resolve, length));
      const done = minute;
      minute = newMinute();
      const sorted = [...done.durations].sort((a, b) => a - b);
      const memory = await memoryOf(platform.url);
      const row = {
        ...memory,
        errors: done.errors,
        p50: percentile(sorted, 50),
        p99: percentile(sorted, 99),
      };
      rows.push(row);
      console.log(
        [
          String(index).padEnd(4),
          mb(row.rss).padEnd(8),
          mb(row.heap).padEnd(8),
          String(sorted.length).padEnd(9),
          String(done.errors).padEnd(7),
          String(done.limited).padEnd(4),
          String(done.skipped).padEnd(8),
          row.p50.toFixed(0).padEnd(7),
          row.p99.toFixed(0).padEnd(7),
          String(receiver.count()),
        ].join(' '),
      );
    }
    for (const load of loads) load.stop();

    // The first minute warms up (JIT, pools, caches): growth and drift are measured from the
    // second when the run is long enough to leave another after it.
    const measured = rows.slice(rows.length > 2 ? 1 : 0);
    const base = measured[0]!;
    const last = measured[measured.length - 1]!;
    const window = Math.max(1, Math.floor(measured.length / 3));
    const floor = (minutes: typeof rows) => Math.min(...minutes.map((row) => row.heap));
    const early = floor(measured.slice(0, window));
    const late = floor(measured.slice(-window));
    const growth = (late - early) / early;
    const drift = base.p99 ? last.p99 / base.p99 : 1;
    const errors = rows.reduce((sum, row) => sum + row.errors, 0);
    const verdicts = [
      [
        `memory: heap floor ${mb(early)} → ${mb(late)} (${(growth * 100).toFixed(0)} %; ` +
          `RSS ${mb(base.rss)} → ${mb(last.rss)})`,
        growth <= LIMITS.memoryGrowth,
      ],
      [`errors: ${errors}`, errors === 0],
      [
        `p99: ${base.p99.toFixed(0)} ms → ${last.p99.toFixed(0)} ms (×${drift.toFixed(2)})`,
        drift <= LIMITS.p99Drift,
      ],
    ] as const;
    for (const [text, ok] of verdicts) console.log(`${ok ? 'ok  ' : 'FAIL'} ${text}`);
    const passed = verdicts.every(([, ok]) => ok);
    console.log(passed ? 'verdict: steady' : 'verdict: NOT steady');
    process.exitCode = passed ? 0 : 1;
  } finally {
    if (platform) {
      platform.kill('SIGTERM');
      await platform.exited;
    }
    receiver.server.close();
    await database.drop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
