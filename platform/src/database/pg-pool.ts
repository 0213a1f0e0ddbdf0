import { Pool } from 'pg';
import { DATABASE_TIMEOUTS } from './database-unavailable';

/**
 * A `pg` pool that survives the database going away: an idle client's error (the server
 * restarting, `terminating connection due to administrator command`) is handed to `onError`
 * instead of crashing the process as an unhandled 'error' event; the pool drops that client and
 * connects afresh on the next query. A database that does not answer fails a query within
 * `DATABASE_TIMEOUTS.connectMs` rather than leaving it waiting.
 */
export function resilientPool(
  connectionString: string,
  max: number,
  onError: (error: Error) => void,
): Pool {
  const pool = new Pool({
    connectionString,
    max,
    connectionTimeoutMillis: DATABASE_TIMEOUTS.connectMs,
  });
  pool.on('error', onError);
  return pool;
}
