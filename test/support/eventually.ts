import type { Client } from 'pg';
import { listenerApplicationName } from '../../platform/src/database/pg-listener';

/**
 * Polls `read` until `done` holds of its value, and answers that value; fails, showing the last
 * value read, after `timeoutMs`. For what the platform does in the background (consumers,
 * deliveries, notifications): the test waits for the change it expects, not a fixed time.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not reached in time: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
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
