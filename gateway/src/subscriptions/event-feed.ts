import type { Pool } from 'pg';
import type { StoredEvent } from '../../../platform/src/events/event-log';
import { EventLogConsumer, type EventCursor } from '../../../platform/src/events/event-log-reader';
import type { Logger } from '../../../platform/src/logger';

/** Why this process read an event of the log for its live subscribers. */
export type LogReadSource = 'leader' | 'local' | 'recovery';

/** What the live feed of one gateway has done, for `/metrics`. */
export interface FeedStats {
  /** Events read from the log: as the cluster's leader, as a lone reader, or to fill a gap. */
  eventsRead: Record<LogReadSource, number>;
  /** Whether this replica holds the Redis lease and reads the log for the whole cluster. */
  leader: boolean;
  /** Whether the Redis fan-out is unusable and this replica reads the log itself meanwhile. */
  fallback: boolean;
  /** Times this replica fell back to reading the log itself. */
  fallbacks: number;
  /** The last event handed to the subscribers (or the log's head when the feed started). */
  position: EventCursor;
}

export const newFeedStats = (position: EventCursor): FeedStats => ({
  position,
  eventsRead: { leader: 0, local: 0, recovery: 0 },
  leader: false,
  fallback: false,
  fallbacks: 0,
});

/** What starts a feed: where to start, and whom to hand each event to, in log order. */
export interface FeedDeps {
  databaseUrl: string;
  /** For reading back what the feed missed. */
  pool: Pool;
  /** The last event already handed out (or passed over); the feed continues after it. */
  from: EventCursor;
  /** Takes the next event of the log, all tenants; called in log order, never twice. */
  deliver: (event: StoredEvent) => void;
  logger: Logger;
  stats: FeedStats;
}

/** The live events of the whole log, handed to `deliver` in order, without a gap. */
export interface EventFeed {
  stop(): Promise<void>;
}

/**
 * This process reads the log itself: a non-durable consumer from `from`, woken by
 * `LISTEN sotto_events`. One gateway alone (no REDIS_URL) is fed this way.
 */
export async function startLocalFeed(deps: FeedDeps): Promise<EventFeed> {
  const consumer = new EventLogConsumer({
    url: deps.databaseUrl,
    startAt: deps.from,
    handle: async (event) => {
      deps.stats.eventsRead.local++;
      deps.deliver(event);
    },
    onError: (error) => deps.logger.error({ err: error }, 'subscription event reader failed'),
  });
  await consumer.start();
  return consumer;
}
