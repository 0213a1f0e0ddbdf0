/**
 * `npm run bench`: the platform and a bare node:http server side by side under the same load,
 * then one event fanned out to N graphql-ws subscribers. Figures on the terminal and in
 * bench/RESULTS.md. A benchmark, not a test: nothing here fails on a slow figure.
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { format, resolveConfig } from 'prettier';
import { loadConfig } from '../platform/src/config';
import { createLogger } from '../platform/src/logger';
import { consumersCaughtUp as eventConsumersCaughtUp } from '../test/support/event-consumers';
import { PlatformProcess } from '../test/support/platform-process';
import { startPlatformHarness, type TestPlatform } from '../test/support/test-platform';
import { BareServer } from './bare-server';
import { benchLogDestination } from './bench-log';
import { measureCpu, postgresProcesses, processTree, redisProcesses } from './cpu-time';
import { loadBenchSettings, type BenchSettings } from './bench-settings';
import { runFanout, type FanoutResult } from './fanout';
import { FrameworkFloor } from './framework-floor';
import { LoadClient } from './load-client';
import type { LoadRequest, LoadResult } from './load-request';
import { printFanout, printOutcome, resultsMarkdown, type ScenarioOutcome } from './report';
import { prepareHttpScenarios, type HttpScenario } from './scenarios';

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Where the data lives, without credentials: the server of DATABASE_URL, or the embedded one. */
function describeDatabase(url: string | undefined): string {
  if (!url) return 'embedded PostgreSQL under .data/bench';
  const { hostname, port, pathname } = new URL(url);
  return `PostgreSQL server at ${hostname}:${port || 5432}${pathname} (DATABASE_URL)`;
}

/**
 * Whether a service's processes are this machine's (the embedded PostgreSQL, or a server on
 * loopback), so that their CPU can be read and counted as its own. No URL: the embedded database.
 */
function isLocal(url: string | undefined): boolean {
  if (!url) return true;
  return ['127.0.0.1', 'localhost', '[::1]', ''].includes(new URL(url).hostname);
}

async function bootPlatform(): Promise<TestPlatform> {
  const config = loadConfig({
    ...process.env,
    PORT: '0',
    SOTTO_SERVICE: 'all',
    // Never the test databases: DATABASE_URL's server, else an embedded PostgreSQL of its own.
    SOTTO_DATA_DIR: '.data/bench',
    // The run exchanges a few keys from one address, and must not outlive its tokens.
    SOTTO_AUTH_RATE_PER_MINUTE: '100000',
    SOTTO_TOKEN_TTL_SECONDS: '86400',
  });
  // Logging as `npm start` does, to a file (see `benchLogDestination`).
  return startPlatformHarness(
    config,
    createLogger('sotto', config.LOG_LEVEL, benchLogDestination()),
  );
}

/**
 * A gateway in a process of its own (`SOTTO_SERVICE=gateway`, as docker-compose runs it) in front
 * of the platform's subgraphs: the second core is the gateway's, the first the subgraphs'.
 */
function startSeparateGateway(platform: TestPlatform): Promise<PlatformProcess> {
  const subgraphUrls = Object.fromEntries(
    platform.platform.subgraphs.map(({ name, url }) => [`SOTTO_${name.toUpperCase()}_URL`, url]),
  );
  const env = {
    ...subgraphUrls,
    SOTTO_SERVICE: 'gateway',
    SOTTO_INTERNAL_SECRET: platform.platform.internalSecret,
    SOTTO_DB_POOL_MAX: String(loadConfig({}).SOTTO_DB_POOL_MAX),
    // Its lines go to the bench through a pipe, as a container's to its runtime, and are
    // dropped there: the bench's process serves its subgraphs.
    LOG_LEVEL: loadConfig(process.env).LOG_LEVEL,
  };
  return PlatformProcess.start(platform.platform.databaseUrl, env, { keepLines: false });
}

/**
 * `npm start` with SOTTO_WORKERS=`count` on the bench's database: that many processes on one
 * port, sharing `redisUrl` (under a key prefix of this run), beside the bench's own platform.
 */
function startWorkers(
  platform: TestPlatform,
  count: number,
  redisUrl: string,
): Promise<PlatformProcess> {
  const env = {
    SOTTO_WORKERS: String(count),
    REDIS_URL: redisUrl,
    SOTTO_REDIS_KEY_PREFIX: `sotto-bench-${randomBytes(6).toString('hex')}`,
    // Each worker's share of the machine's connections, as `npm start` gives it.
    SOTTO_DB_POOL_MAX: String(loadConfig({ SOTTO_WORKERS: String(count) }).SOTTO_DB_POOL_MAX),
    LOG_LEVEL: loadConfig(process.env).LOG_LEVEL,
  };
  return PlatformProcess.start(platform.platform.databaseUrl, env, { keepLines: false });
}

/**
 * `run` against a process started for it alone, stopped after it: an idle platform beside the
 * one measured takes its share of the cores (its event-log readers wake at every event of the
 * measured one's writes; with two workers beside it, the POSTs of one process fell from 573–843
 * to 382–517 a second in the twenty-third session's runs).
 */
async function whileRunning<T>(
  starting: Promise<PlatformProcess>,
  run: (server: Server) => Promise<T>,
  redis?: () => number[],
): Promise<T> {
  const started = await starting;
  try {
    // The bench's process serves the subgraphs of a gateway apart; a cluster's primary forks.
    return await run({
      url: started.url,
      processes: () => [process.pid, ...processTree(started.pid)],
      redis,
    });
  } finally {
    // Drained as an operator's SIGTERM drains it (a cluster's primary stops every worker).
    started.kill('SIGTERM');
    await started.exited;
  }
}

/**
 * Waits until every durable event-log consumer has read the whole log, so that a scenario does
 * not pay for the background work of the one before it (the stock taken and the webhooks fanned
 * out for a POST scenario's orders, or a previous run's, on the same database).
 */
const consumersCaughtUp = (databaseUrl: string) =>
  eventConsumersCaughtUp(databaseUrl, {
    timeoutMs: 300_000,
    onBehind: (events) => say(`Waiting for the event consumers (${events} events behind)…`),
  });

/** The platform's own answer to the scenario's request, for the bare server to replay. */
async function record(platform: TestPlatform, scenario: HttpScenario) {
  const response = await fetch(platform.url + scenario.path, {
    method: scenario.method,
    headers: scenario.headers,
    body: scenario.body,
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`${scenario.name}: ${response.status} ${body.slice(0, 300)}`);
  if (scenario.path === '/graphql' && JSON.parse(body).errors) {
    throw new Error(`${scenario.name}: ${body.slice(0, 300)}`);
  }
  return {
    status: response.status,
    contentType: response.headers.get('content-type') ?? 'application/json',
    body,
  };
}

/**
 * A server under load: its URL, the processes whose CPU is its own, and those of the Redis it
 * shares its limits and events through (workers; none for one process).
 */
interface Server {
  url: string;
  processes: () => number[];
  redis?: () => number[];
}

/**
 * A server of the bench's own process (the platform in one process, the floors, the bare server):
 * the bench's process alone, not its children (the load generator, an embedded PostgreSQL).
 */
const inProcess = (url: string): Server => ({ url, processes: () => [process.pid] });

/** The processes of the CPU measured around a run besides the server's. */
interface Bystanders {
  postgres: () => number[];
  load: () => number[];
}

async function measure(
  load: LoadClient,
  settings: BenchSettings,
  server: Server,
  scenario: HttpScenario,
  bystanders: Bystanders,
): Promise<LoadResult> {
  const request: LoadRequest = {
    url: server.url + scenario.path,
    method: scenario.method,
    headers: scenario.headers,
    body: scenario.body,
    connections: settings.BENCH_CONNECTIONS,
    durationSeconds: settings.BENCH_WARMUP_SECONDS,
    ...(scenario.sequences && { url: server.url, sequences: scenario.sequences }),
  };
  if (settings.BENCH_WARMUP_SECONDS > 0) {
    await scenario.beforeEachRun?.();
    await load.run(request);
  }
  await scenario.beforeEachRun?.();
  const { result, cpu } = await measureCpu(
    { server: server.processes, redis: server.redis ?? (() => []), ...bystanders },
    () => load.run({ ...request, durationSeconds: settings.BENCH_DURATION_SECONDS }),
    (answered) => answered.requests,
  );
  return { ...result, cpu };
}

async function main() {
  const settings = loadBenchSettings();
  const startedAt = new Date();
  const loadBefore = os.loadavg();
  say(`Booting the platform (${describeDatabase(process.env.DATABASE_URL)})…`);
  const platform = await bootPlatform();
  const separate = settings.BENCH_SEPARATE_GATEWAY;
  const workers = settings.BENCH_WORKERS > 1;
  const bare = new BareServer();
  const floor = new FrameworkFloor();
  const databaseFloor = new FrameworkFloor({
    databaseUrl: platform.platform.databaseUrl,
    poolSize: loadConfig({}).SOTTO_DB_POOL_MAX,
  });
  const load = new LoadClient();
  const bystanders: Bystanders = {
    postgres: isLocal(process.env.DATABASE_URL) ? postgresProcesses : () => [],
    load: () => (load.pid ? [load.pid] : []),
  };
  const run = (server: Server, scenario: HttpScenario) =>
    measure(load, settings, server, scenario, bystanders);
  try {
    const bareUrl = await bare.start();
    const floorUrl = await floor.start();
    const databaseFloorUrl = await databaseFloor.start();
    say('Preparing restaurants, orders and a busy evening…');
    const { scenarios, notes } = await prepareHttpScenarios(platform, settings.BENCH_CONNECTIONS);
    const outcomes: ScenarioOutcome[] = [];
    for (const scenario of scenarios) {
      const recorded = await record(platform, scenario);
      for (const { method, path } of scenario.sequences?.flat() ?? [scenario]) {
        bare.answer(method, path, recorded);
      }
      say(
        `${scenario.name}: bare node:http, the Apollo floor${scenario.readsDatabase ? ' (without and with PostgreSQL)' : ''}, then the platform${separate ? ' (one process, then gateway apart)' : ''}${workers ? `, then ${settings.BENCH_WORKERS} workers` : ''}…`,
      );
      const caughtUp = () => consumersCaughtUp(platform.platform.databaseUrl);
      await caughtUp();
      const bareResult = await run(inProcess(bareUrl), scenario);
      const floorResult = await run(inProcess(floorUrl), scenario);
      const databaseFloorResult =
        scenario.readsDatabase && (await run(inProcess(databaseFloorUrl), scenario));
      const platformResult = await run(inProcess(platform.url), scenario);
      await caughtUp();
      const separateResult =
        separate &&
        (await whileRunning(startSeparateGateway(platform), (server) => run(server, scenario)));
      if (workers) await caughtUp();
      const workersResult = workers && {
        count: settings.BENCH_WORKERS,
        result: await whileRunning(
          startWorkers(platform, settings.BENCH_WORKERS, settings.BENCH_REDIS_URL!),
          (server) => run(server, scenario),
          isLocal(settings.BENCH_REDIS_URL) ? redisProcesses : undefined,
        ),
      };
      const outcome = {
        scenario,
        platform: platformResult,
        separate: separateResult || undefined,
        workers: workersResult || undefined,
        bare: bareResult,
        floor: floorResult,
        databaseFloor: databaseFloorResult || undefined,
      };
      printOutcome(outcome);
      outcomes.push(outcome);
    }

    say(
      `Fan-out: ${settings.BENCH_SUBSCRIBERS} subscribers, ${settings.BENCH_FANOUT_EVENTS} orders…`,
    );
    let fanout: FanoutResult | string;
    try {
      await consumersCaughtUp(platform.platform.databaseUrl);
      fanout = await runFanout(platform, settings.BENCH_SUBSCRIBERS, settings.BENCH_FANOUT_EVENTS);
      printFanout(fanout);
    } catch (error) {
      fanout = `The fan-out failed: ${(error as Error).message}`;
      say(fanout);
    }

    const markdown = resultsMarkdown(
      {
        startedAt,
        finishedAt: new Date(),
        durationSeconds: settings.BENCH_DURATION_SECONDS,
        warmupSeconds: settings.BENCH_WARMUP_SECONDS,
        connections: settings.BENCH_CONNECTIONS,
        separateGateway: separate,
        workers: workers ? settings.BENCH_WORKERS : 0,
        database: describeDatabase(process.env.DATABASE_URL),
        loadBefore,
        loadAfter: os.loadavg(),
        notes,
      },
      outcomes,
      fanout,
    );
    // Formatted as `npm run lint` wants the committed file.
    const file = settings.BENCH_RESULTS_FILE;
    writeFileSync(file, await format(markdown, { ...(await resolveConfig(file)), filepath: file }));
    say(`Written to ${file}.`);
  } finally {
    load.stop();
    await bare.stop();
    await floor.stop();
    await databaseFloor.stop();
    await platform.stop();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
