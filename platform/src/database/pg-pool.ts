import { Pool } from 'pg';

/**
 * A `pg` pool that survives the database going away: an idle client's error (the server
 * restarting, `terminating connection due to administrator command`) is handed to `onError`
 * instead of crashing the process as an unhandled 'error' event; the pool drops that client and
 * connects afresh on the next query.
 */
export function resilientPool(
  connectionString: string,
  max: number,
  onError: (error: Error) => void,
): Pool {
  const pool = new Pool({ connectionString, max });
  pool.on('error', onError);
  return pool;
}
