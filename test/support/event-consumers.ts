import { Client } from 'pg';
import { consumerLags } from '../../platform/src/events/event-log-reader';

/**
 * The platform's durable event-log consumers (`launcher/src/domain-services.ts`). Consumers of
 * other test files may share the database, and are not waited for.
 */
const PLATFORM_CONSUMERS = [
  'inventory.order-stock',
  'orders.payment-settlement',
  'webhooks.fan-out',
];

/** The log's last event now, in the log's order. */
const LAST_EVENT = `select tx_id::text as tx, seq::text as seq from events.event_log
  order by tx_id desc, seq desc limit 1`;

/** How many of the consumers named in $1 have a cursor at or past ($2, $3). */
const PASSED = `select count(*)::int as passed from events.consumer_cursors
  where consumer = any($1) and (tx_id, seq) >= ($2::xid8, $3::bigint)`;

/** The platform's consumers' lags: how many events of the whole log each has still to read. */
async function platformLags(client: Client) {
  const lags = await consumerLags(client);
  return lags.filter(({ consumer }) => PLATFORM_CONSUMERS.includes(consumer));
}

/**
 * Waits until each of the platform's event-log consumers on `databaseUrl` has read the log up to
 * its last event at the time of the call (one that has not started yet has no cursor, so it is
 * waited for too), so that what they do with those events (stock taken, webhooks fanned out,
 * the orders they read) does not happen during what comes next. Events appended meanwhile, by
 * other test files on the same database, are not waited for. `onBehind` is told, if they are,
 * how far behind the furthest consumer is.
 */
export async function consumersCaughtUp(
  databaseUrl: string,
  options: { timeoutMs?: number; onBehind?: (events: number) => void } = {},
): Promise<void> {
  const { timeoutMs = 20_000, onBehind } = options;
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ tx: string; seq: string }>(LAST_EVENT);
    const last = rows[0];
    if (!last) return;
    const passed = async () => {
      const args = [PLATFORM_CONSUMERS, last.tx, last.seq];
      const { rows: counted } = await client.query<{ passed: number }>(PASSED, args);
      return counted[0]!.passed === PLATFORM_CONSUMERS.length;
    };
    if (await passed()) return;
    if (onBehind) onBehind(Math.max(0, ...(await platformLags(client)).map(({ lag }) => lag)));
    const deadline = Date.now() + timeoutMs;
    while (!(await passed())) {
      if (Date.now() > deadline) {
        throw new Error(
          `event consumers not caught up: ${JSON.stringify(await platformLags(client))}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await client.end();
  }
}
