import os from 'node:os';
import { RUNS_COMPILED } from '../platform/src/runs-compiled';
import type { FanoutResult } from './fanout';
import type { LoadResult } from './load-request';
import type { HttpScenario } from './scenarios';

export interface ScenarioOutcome {
  scenario: HttpScenario;
  /** The platform in one process, as `npm start` runs it. */
  platform: LoadResult;
  /** The same subgraphs behind a gateway in a process of its own, when measured. */
  separate?: LoadResult;
  /** `npm start` with SOTTO_WORKERS processes on one port, when measured. */
  workers?: { count: number; result: LoadResult };
  bare: LoadResult;
  /** The mandated packages alone (`framework-floor.ts`): what the platform cannot go below. */
  floor: LoadResult;
  /** The same with one round trip to PostgreSQL per subgraph fetch, for a scenario that reads it. */
  databaseFloor?: LoadResult;
}

/** The servers of an outcome, as the tables name them, and whether each is the platform. */
function servers(outcome: ScenarioOutcome): Array<[string, LoadResult, boolean]> {
  return [
    ['platform, one process', outcome.platform, true],
    ...(outcome.separate
      ? [['platform, gateway apart', outcome.separate, true] as [string, LoadResult, boolean]]
      : []),
    ...(outcome.workers
      ? [
          [`platform, ${outcome.workers.count} workers`, outcome.workers.result, true] as [
            string,
            LoadResult,
            boolean,
          ],
        ]
      : []),
    ['Apollo floor', outcome.floor, false],
    ...(outcome.databaseFloor
      ? [
          ['Apollo floor + PostgreSQL', outcome.databaseFloor, false] as [
            string,
            LoadResult,
            boolean,
          ],
        ]
      : []),
    ['bare node:http', outcome.bare, false],
  ];
}

export interface RunDescription {
  startedAt: Date;
  finishedAt: Date;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  separateGateway: boolean;
  /** SOTTO_WORKERS of the workers' run; 0: none. */
  workers: number;
  database: string;
  loadBefore: number[];
  loadAfter: number[];
  notes: string[];
}

const ms = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '—');
const rate = (value: number) => Math.round(value).toLocaleString('en-US');

export function machine(): string {
  const cpus = os.cpus();
  const memory = (os.totalmem() / 2 ** 30).toFixed(1);
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${memory} GiB, ${os.type()} ${os.release()}`;
}

function verdict(scenario: HttpScenario, result: LoadResult): string {
  if (!scenario.meets) return '—';
  return `${scenario.target}: ${scenario.meets(result) ? 'met' : 'not met'}`;
}

/**
 * The Apollo floor's rate of the same run divided by the server's: how many times the floor's
 * cost a request of the platform costs. Hosts differ by two to four times from one session to
 * the next; this ratio moves less (though it still moves from run to run), so it is the figure
 * to compare across runs.
 */
export function timesFloor(result: LoadResult, floor: LoadResult): string {
  if (!(result.requestsPerSecond > 0) || !(floor.requestsPerSecond > 0)) return '—';
  return `${(floor.requestsPerSecond / result.requestsPerSecond).toFixed(1)}×`;
}

/** Milliseconds of CPU per request, to two decimals (a few tenths is what a request costs). */
const cpuMs = (value: number | undefined) =>
  value !== undefined && Number.isFinite(value) ? value.toFixed(2) : '—';

/** The CPU columns of a run, per request: the server's, PostgreSQL's, Redis's, the load's. */
const cpuCells = (result: LoadResult) =>
  `${cpuMs(result.cpu?.server)} | ${cpuMs(result.cpu?.postgres)} | ${cpuMs(result.cpu?.redis)} | ${cpuMs(result.cpu?.load)}`;

export function httpTable(outcomes: ScenarioOutcome[]): string[] {
  const lines = [
    '| Scenario | Server | req/s | × floor | p50 ms | p95 ms | p99 ms | max ms | requests | errors | server CPU ms/req | PostgreSQL CPU ms/req | Redis CPU ms/req | load CPU ms/req | Target |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const outcome of outcomes) {
    const row = (server: string, result: LoadResult, platform: boolean) =>
      `| ${outcome.scenario.name} | ${server} | ${rate(result.requestsPerSecond)} | ` +
      `${platform ? timesFloor(result, outcome.floor) : ''} | ${ms(result.p50)} | ` +
      `${ms(result.p95)} | ${ms(result.p99)} | ${ms(result.max)} | ${result.requests} | ` +
      `${result.errors}${errorCodes(result)} | ${cpuCells(result)} | ` +
      `${platform ? verdict(outcome.scenario, result) : ''} |`;
    for (const [server, result, platform] of servers(outcome)) {
      lines.push(row(server, result, platform));
    }
  }
  return lines;
}

function errorCodes(result: LoadResult): string {
  const codes = Object.entries(result.statusCodes);
  return codes.length ? ` (${codes.map(([code, n]) => `${n}× ${code}`).join(', ')})` : '';
}

function fanoutTable(fanout: FanoutResult): string[] {
  const meets = fanout.fromAnswer.p95 < 250 && fanout.missing === 0;
  return [
    '| Fan-out | p50 ms | p95 ms | p99 ms | max ms |',
    '| --- | ---: | ---: | ---: | ---: |',
    `| from the POST's answer to each receipt | ${ms(fanout.fromAnswer.p50)} | ${ms(fanout.fromAnswer.p95)} | ${ms(fanout.fromAnswer.p99)} | ${ms(fanout.fromAnswer.max)} |`,
    `| from the POST's request to each receipt | ${ms(fanout.fromRequest.p50)} | ${ms(fanout.fromRequest.p95)} | ${ms(fanout.fromRequest.p99)} | ${ms(fanout.fromRequest.max)} |`,
    '',
    `${fanout.subscribers} subscribers (${fanout.connected} connected), ${fanout.events} orders one ` +
      `after the other (after one not counted): ${fanout.delivered} deliveries, ${fanout.missing} missing. ` +
      `The POSTs took ${fanout.postMs.map(ms).join(', ')} ms. ` +
      `Target p95 < 250 ms (from the answer): ${meets ? 'met' : 'not met'}.` +
      (fanout.failures.length ? ` Failures: ${fanout.failures.join('; ')}.` : ''),
  ];
}

/** The results as Markdown: what ran, where, and the figures. */
export function resultsMarkdown(
  run: RunDescription,
  outcomes: ScenarioOutcome[],
  fanout: FanoutResult | string,
): string {
  // Compiled by `npm run bench` (bench/compiled.ts), or the sources run through tsx.
  const code = RUNS_COMPILED
    ? {
        what: 'the JavaScript that `npm run bench` compiles (as `npm run build` compiles it for production), without a TypeScript loader',
        start: 'the compiled `bin/start.js`',
      }
    : { what: 'the TypeScript sources through tsx', start: '`npm start`' };
  const load = (values: number[]) => values.map((value) => value.toFixed(2)).join(' / ');
  return [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (see the Benchmarks section of the README). Latencies in',
    'milliseconds, measured by the load generator (autocannon, in a process of its own) over every',
    'response of the measured run; req/s is the mean of the per-second samples.',
    '',
    `- Date: ${run.startedAt.toISOString()} to ${run.finishedAt.toISOString()}`,
    `- Machine: ${machine()}`,
    `- Node.js ${process.version}, running ${code.what}; platform in one process (gateway and every subgraph)${run.separateGateway ? ', and a second gateway in a process of its own in front of the same subgraphs ("gateway apart")' : ''}${run.workers > 1 ? `; ${code.start} with \`SOTTO_WORKERS=${run.workers}\` on the same database, its workers sharing one Redis ("${run.workers} workers")` : ''}; load generator and subscribers in two other processes; all on the same cores`,
    `- "Apollo floor": \`@apollo/gateway\` on \`@apollo/server\` in front of five \`@apollo/subgraph\` subgraphs called in the same process, answering the same routes with the platform's graph shapes from constant data, on bare \`node:http\` (\`bench/framework-floor.ts\`): no authentication, limits, request log, validation or database. The platform cannot go below it while each request runs through these packages`,
    `- "Apollo floor + PostgreSQL", for the scenarios whose requests reach the database: the same floor, each subgraph fetch first making one round trip to the run's PostgreSQL (a prepared statement that reads no table, on a pool of the platform's size), the least a subgraph whose data lives there pays`,
    `- Database: ${run.database}`,
    `- Each run: ${run.durationSeconds} s measured after ${run.warmupSeconds} s of warm-up, ${run.connections} connections, keep-alive, on loopback`,
    `- Load average (1 / 5 / 15 min) before: ${load(run.loadBefore)}; after: ${load(run.loadAfter)}`,
    `- Noise: the platform, the load generator and the subscribers share the machine's ${os.cpus().length} cores with each other and with whatever else runs (a load average above the number of cores before the run means other work competed for them); one run, one sample of each figure: compare runs before drawing conclusions from a few milliseconds`,
    `- CPU ms/req: milliseconds of CPU (user and system, from Linux's /proc) used during the measured run, divided by the requests answered in it: "server", the bench's process (the platform in one process, the floors, the bare server, the subgraphs of the gateway apart, the platform whose workers run beside it) and the measured process with its children (the gateway apart, the workers' primary and workers); "PostgreSQL", every \`postgres\` process of the machine (— when the database is on another host); "Redis", every \`redis-server\` process of the machine, for the workers, which count their limits and fan their events out through it (— for the runs that use none, or a Redis on another host); "load", the load generator's. The rate of a run follows how much of the cores the host gives it, which swings by a quarter within minutes here; what a request costs in CPU moves less, so it is the figure to compare between runs and sessions — but a contended host raises everyone's, the load generator's included (the same work in every run of a scenario): its column is the run's witness`,
    ...run.notes.map((note) => `- ${note}`),
    '',
    '## HTTP',
    '',
    ...httpTable(outcomes),
    '',
    '## Fan-out: one event to N graphql-ws subscribers',
    '',
    ...(typeof fanout === 'string' ? [fanout] : fanoutTable(fanout)),
    '',
  ].join('\n');
}

/** A short table for the terminal. */
export function printOutcome(outcome: ScenarioOutcome) {
  for (const [server, result, platform] of servers(outcome)) {
    const floor = platform ? `${timesFloor(result, outcome.floor)} floor` : '';
    process.stdout.write(
      `${outcome.scenario.name.padEnd(52)} ${server.padEnd(24)} ${rate(result.requestsPerSecond).padStart(7)} req/s ${floor.padStart(11)}` +
        `  p50 ${ms(result.p50).padStart(6)}  p95 ${ms(result.p95).padStart(6)}  p99 ${ms(result.p99).padStart(6)}` +
        `  max ${ms(result.max).padStart(7)}  CPU ms/req server ${cpuMs(result.cpu?.server)} PostgreSQL ${cpuMs(result.cpu?.postgres)}${result.cpu?.redis === undefined ? '' : ` Redis ${cpuMs(result.cpu.redis)}`} load ${cpuMs(result.cpu?.load)}` +
        `  errors ${result.errors}${errorCodes(result)}\n`,
    );
  }
}

export function printFanout(fanout: FanoutResult) {
  process.stdout.write(`${fanoutTable(fanout).join('\n')}\n`);
}
