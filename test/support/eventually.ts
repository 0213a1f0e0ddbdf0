import type { Client } from 'pg';
import { listenerApplicationName } from '../../platform/src/database/pg-listener';

/** Polls `read` until `accept` holds, for at most `ms`; the last value read. */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  ms = 5_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    value = await read();
  }
  return value;
}

/**
 * The backends of this process's listening connection (other test files' platforms share the
 * database): terminating them cuts the process's change notifications until it reconnects.
 */
export async function listeningBackends(sql: Client): Promise<number[]> {
  const { rows } = await sql.query<{ pid: number }>(
    `select pid from pg_stat_activity where application_name = $1 and datname = current_database()`,
    [listenerApplicationName()],
  );
  return rows.map((row) => row.pid);
}
