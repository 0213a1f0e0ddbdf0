import { Pool } from 'pg';
import { applicationName } from './application-name';
import { watchPool } from './pool-metrics';
import { DATABASE_TIMEOUTS } from './database-unavailable';

/**
 * A `pg` pool that survives the database going away: an idle client's error (the server
 * restarting, `terminating connection due to administrator command`) is handed to `onError`
 * instead of crashing the process as an unhandled 'error' event; the pool drops that client and
 * connects afresh on the next query. A database that does not answer fails a query within
 * `DATABASE_TIMEOUTS.connectMs` rather than leaving it waiting.
 */
export function resilientPool(
  { url, max, owner }: { url: string; max: number; owner: string },
  onError: (error: Error) => void,
): Pool {
  const pool = new Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: DATABASE_TIMEOUTS.connectMs,
    application_name: applicationName(owner),
  });
  pool.on('error', onError);
  watchPool(owner, () =>
    pool.ending || pool.ended
      ? null
      : {
          max,
          inUse: pool.totalCount - pool.idleCount,
          idle: pool.idleCount,
          waiting: pool.waitingCount,
        },
  );
  return pool;
}
