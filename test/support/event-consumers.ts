import { Client } from 'pg';
import { consumerLags } from '../../platform/src/events/event-log-reader';

/** The platform's durable event-log consumers: inventory's, orders' and webhooks'. */
const DURABLE_CONSUMERS = 3;

/**
 * Waits until every durable event-log consumer of `databaseUrl` has read the whole log (and at
 * least `consumers` of them have a cursor: one that has not started yet would not be listed), so
 * that what they do with earlier events (stock taken, webhooks fanned out, the orders they read)
 * does not happen during what comes next. `onBehind` is told how far behind they are, once.
 */
export async function consumersCaughtUp(
  databaseUrl: string,
  options: { timeoutMs?: number; consumers?: number; onBehind?: (events: number) => void } = {},
): Promise<void> {
  const { timeoutMs = 20_000, consumers = DURABLE_CONSUMERS, onBehind } = options;
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + timeoutMs;
    let told = false;
    for (;;) {
      const lags = await consumerLags(client);
      const behind = Math.max(0, ...lags.map((consumer) => consumer.lag));
      if (behind === 0 && lags.length >= consumers) return;
      if (Date.now() > deadline) {
        throw new Error(`event consumers not caught up: ${JSON.stringify(lags)}`);
      }
      if (behind > 0 && !told) {
        told = true;
        onBehind?.(behind);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await client.end();
  }
}
