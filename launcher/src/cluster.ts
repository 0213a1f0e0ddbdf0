import cluster, { type Worker } from 'node:cluster';
import type { Config } from '../../platform/src/config';
import { resolveDatabase } from '../../platform/src/database/resolve-database';
import type { Logger } from '../../platform/src/logger';
import { generateInternalSecret } from '../../platform/src/tenancy/internal-context';
import { serveClusterMetrics } from '../../gateway/src/http/cluster-metrics';
import type { DemoSeedResult } from './demo-seed';

/** What a worker tells the primary once it serves: its gateway's URL, and the demo it seeded. */
export interface WorkerReady {
  type: 'sotto:worker:ready';
  url?: string;
  demo: DemoSeedResult | null;
}

const isReady = (message: unknown): message is WorkerReady =>
  typeof message === 'object' &&
  message !== null &&
  (message as { type?: unknown }).type === 'sotto:worker:ready';

/**
 * Set by the primary in the environment of each worker: `1` for the one that runs the services'
 * background work (see `PlatformOptions.background`), `0` for the others.
 */
export const BACKGROUND_ENV = 'SOTTO_CLUSTER_BACKGROUND';

/** A worker's side: whether the primary gave it the background work. */
export const runsBackground = () => process.env[BACKGROUND_ENV] !== '0';

/** A worker's side: tells the primary it serves. */
export function reportReady(ready: Omit<WorkerReady, 'type'>): void {
  process.send?.({ type: 'sotto:worker:ready', ...ready } satisfies WorkerReady);
}

export interface RunningCluster {
  url?: string;
  demo: DemoSeedResult | null;
  /** Stops every worker (each drains as on its own), then the embedded database if any. */
  stop(): Promise<void>;
}

/** The roles that serve the gateway, whose `/metrics` sums the workers' figures. */
const CLUSTERED_ROLES = ['all', 'gateway'];

/** A worker that dies is replaced after this long, so that a crash at start does not spin. */
const RESTART_DELAY_MS = 1_000;

/**
 * `SOTTO_WORKERS` processes (node:cluster) serving SOTTO_SERVICE on one port, each a replica of
 * it: the primary serves nothing itself. It owns the embedded PostgreSQL when DATABASE_URL is
 * unset, and hands the workers its URL. The first worker starts alone (it runs the migrations and
 * seeds the demo restaurant), then the others. A worker that dies is replaced. The workers share
 * rate limits, connection counts and live events through Redis, as replicas on several machines
 * do: without REDIS_URL each would count a key's calls on its own, so it is required.
 */
export async function startCluster(config: Config, logger: Logger): Promise<RunningCluster> {
  if (!CLUSTERED_ROLES.includes(config.SOTTO_SERVICE)) {
    // A subgraph's own /metrics would show one worker's figures: run more of its processes.
    throw new Error(
      `SOTTO_WORKERS above 1 runs SOTTO_SERVICE=${CLUSTERED_ROLES.join(' or ')}; run a subgraph as more processes of its own instead`,
    );
  }
  if (!config.REDIS_URL) {
    throw new Error(
      'SOTTO_WORKERS above 1 needs REDIS_URL: the workers share rate limits, connection counts and live events through Redis',
    );
  }
  const database = await resolveDatabase(config);
  // One secret for the calls between services of every worker: the internal ports are shared
  // too, so that a worker's call may reach another worker's subgraph.
  const env = {
    DATABASE_URL: database.url,
    SOTTO_INTERNAL_SECRET: config.SOTTO_INTERNAL_SECRET ?? generateInternalSecret(),
  };
  const ready = new Set<Worker>();
  let stopping = false;

  // The first worker runs the background work, and whichever replaces it when it dies.
  const fork = (background: boolean) =>
    new Promise<WorkerReady>((resolve, reject) => {
      const worker = cluster.fork({ ...env, [BACKGROUND_ENV]: background ? '1' : '0' });
      const onMessage = (message: unknown) => {
        if (!isReady(message)) return;
        ready.add(worker);
        logger.info(
          { worker: worker.id, workerPid: worker.process.pid, background },
          'worker serving',
        );
        resolve(message);
      };
      worker.on('message', onMessage);
      worker.once('exit', (code, signal) => {
        worker.off('message', onMessage);
        const served = ready.delete(worker);
        if (!served)
          reject(new Error(`worker ${worker.id} exited before serving (${code ?? signal})`));
        if (stopping || !served) return;
        logger.error(
          { worker: worker.id, workerPid: worker.process.pid, code, signal },
          'worker exited: starting another',
        );
        replace(background);
      });
    });

  /** Starts another worker a moment later, and again while it fails to start. */
  const replace = (background: boolean) =>
    setTimeout(() => {
      if (stopping) return;
      fork(background).catch((error: Error) => {
        if (stopping) return;
        logger.error({ err: error }, 'worker failed to start: trying again');
        replace(background);
      });
    }, RESTART_DELAY_MS);

  const stop = async () => {
    stopping = true;
    const workers = Object.values(cluster.workers ?? {}).filter((worker) => !!worker);
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve) => {
            if (worker.isDead()) return resolve();
            worker.once('exit', () => resolve());
            worker.process.kill('SIGTERM');
          }),
      ),
    );
    await database.stop();
  };

  try {
    serveClusterMetrics(() => [...ready]);
    const first = await fork(true);
    await Promise.all(Array.from({ length: config.SOTTO_WORKERS - 1 }, () => fork(false)));
    return { url: first.url, demo: first.demo, stop };
  } catch (error) {
    await stop().catch(() => {});
    throw error;
  }
}
