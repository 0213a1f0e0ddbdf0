import type { Pool } from 'pg';
import { readEvents, START_OF_LOG } from '../../platform/src/events/event-log-reader';
import type { Tenant } from '../../platform/src/tenancy/tenant';
import type { StoredEvent } from '../../platform/src/events/event-log';

const SETTLE_TIMEOUT_MS = 20_000;

/**
 * The tenant's events once every transaction that began before this call has ended. The log
 * hands out an event only when no older transaction is still running anywhere in the cluster
 * (see `readEvents`), and other suites write to the same PostgreSQL at the same time: reading
 * at once can see nothing yet. Waiting on the snapshot horizon, not on a count, keeps the
 * assertion about what was appended rather than about when.
 */
export async function settledEvents(
  pool: Pool,
  tenant: Tenant,
  limit = 1000,
): Promise<StoredEvent[]> {
  const { rows } = await pool.query<{ horizon: string }>(
    `select pg_snapshot_xmax(pg_current_snapshot())::text as horizon`,
  );
  const horizon = rows[0]!.horizon;
  const deadline = Date.now() + SETTLE_TIMEOUT_MS;
  for (;;) {
    const { rows: check } = await pool.query<{ settled: boolean }>(
      `select pg_snapshot_xmin(pg_current_snapshot()) >= $1::text::xid8 as settled`,
      [horizon],
    );
    if (check[0]!.settled) break;
    if (Date.now() > deadline) {
      throw new Error(`a transaction older than ${horizon} is still running after 20 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return readEvents(pool, START_OF_LOG, { tenant, limit });
}
