import { Pool } from 'pg';
import type { StoredEvent } from '../../../platform/src/events/event-log';
import {
  compareCursors,
  logHead,
  readEvents,
  type EventCursor,
} from '../../../platform/src/events/event-log-reader';
import type { Logger } from '../../../platform/src/logger';
import type { Tenant } from '../../../platform/src/tenancy/tenant';
import { resilientPool } from '../../../platform/src/database/pg-pool';
import { newFeedStats, startLocalFeed, type EventFeed, type FeedStats } from './event-feed';
import { RedisFanOut, type FanOutSettings } from './redis-fan-out';

/** Events waiting for a subscriber that has not taken them yet; past this, it is dropped. */
export const DEFAULT_QUEUE_LIMIT = 500;
/** Events read at once when a subscriber resumes from an older cursor. */
const CATCH_UP_PAGE = 100;

const tenantKey = (tenant: Tenant) => `${tenant.restaurantId}\u0000${tenant.environment}`;

export interface LiveOptions {
  tenant: Tenant;
  /** Which of the tenant's events the subscriber wants. */
  accepts: (event: StoredEvent) => boolean;
  /** Resume after this cursor: what happened since is read from the log first. */
  after?: EventCursor;
  /** Called once when the subscriber falls more than the queue limit behind. */
  onOverflow: () => void;
}

export interface EventHubOptions {
  databaseUrl: string;
  logger: Logger;
  queueLimit?: number;
  /** Share one reader of the log across replicas through Redis; else this process reads it. */
  fanOut?: FanOutSettings;
}

/**
 * The gateway's live events: one feed of the whole log hands each event to the subscribers of
 * its tenant, so that one event costs one read whatever the number of subscribers. The feed is
 * this process's own reader of the log (a non-durable consumer woken by `LISTEN sotto_events`),
 * or, with Redis, the channel on which the cluster's one reader publishes (RedisFanOut). A
 * subscriber resuming from an older cursor first reads its own tenant's events from there (one
 * query a page), then joins the live stream.
 */
export class EventHub {
  private readonly subscribers = new Map<string, Set<LiveEvents>>();
  private position: EventCursor;
  private feed?: EventFeed;
  /** What the feed has done, for `/metrics`. */
  readonly stats: FeedStats;

  private constructor(
    private readonly pool: Pool,
    head: EventCursor,
    readonly queueLimit: number,
  ) {
    this.position = head;
    this.stats = newFeedStats(head);
  }

  static async start(options: EventHubOptions): Promise<EventHub> {
    const { databaseUrl, logger } = options;
    const pool = resilientPool({ url: databaseUrl, max: 2, owner: 'subscriptions' }, (error) =>
      logger.warn({ err: error }, 'subscriptions: an idle database connection failed'),
    );
    const head = await logHead(pool);
    const hub = new EventHub(pool, head, options.queueLimit ?? DEFAULT_QUEUE_LIMIT);
    const deps = {
      databaseUrl,
      pool,
      from: head,
      deliver: (event: StoredEvent) => hub.dispatch(event),
      logger,
      stats: hub.stats,
    };
    hub.feed = options.fanOut
      ? await RedisFanOut.start(deps, options.fanOut)
      : await startLocalFeed(deps);
    return hub;
  }

  /** Where the log ends now, for a snapshot followed by the events after it. */
  head(): Promise<EventCursor> {
    return logHead(this.pool);
  }

  subscribe(options: LiveOptions): LiveEvents {
    const key = tenantKey(options.tenant);
    const live = new LiveEvents(options, options.after ?? this.position, this.queueLimit, {
      readAfter: (cursor) =>
        readEvents(this.pool, cursor, { tenant: options.tenant, limit: CATCH_UP_PAGE }),
      leave: () => {
        const set = this.subscribers.get(key);
        set?.delete(live);
        if (set?.size === 0) this.subscribers.delete(key);
      },
    });
    let set = this.subscribers.get(key);
    if (!set) this.subscribers.set(key, (set = new Set()));
    set.add(live);
    return live;
  }

  /** Subscribers registered now, across tenants. */
  get size(): number {
    let count = 0;
    for (const set of this.subscribers.values()) count += set.size;
    return count;
  }

  async stop(): Promise<void> {
    for (const set of this.subscribers.values()) for (const live of set) live.close();
    await this.feed?.stop();
    await this.pool.end();
  }

  private dispatch(event: StoredEvent): void {
    this.position = this.stats.position = event.cursor;
    const set = this.subscribers.get(tenantKey(event));
    if (!set) return;
    for (const live of set) live.deliver(event);
  }
}

interface HubLink {
  readAfter(cursor: EventCursor): Promise<StoredEvent[]>;
  leave(): void;
}

/**
 * One subscriber's events, in log order and without a gap: those read back from its cursor,
 * then the live ones the hub delivers (held while the read-back runs, and skipped when already
 * read). A bounded queue: a subscriber that does not keep up is dropped, not buffered forever.
 */
export class LiveEvents implements AsyncIterator<StoredEvent> {
  private readonly queue: StoredEvent[] = [];
  private held: StoredEvent[] = [];
  private catchingUp: boolean;
  private closed = false;
  private wakeUp?: () => void;

  constructor(
    private readonly options: LiveOptions,
    /** The last event of the tenant this subscriber has been given (or passed over). */
    private cursor: EventCursor,
    private readonly limit: number,
    private readonly hub: HubLink,
  ) {
    this.catchingUp = options.after !== undefined;
  }

  /** A live event of the subscriber's tenant, from the hub. */
  deliver(event: StoredEvent): void {
    if (this.closed) return;
    if (this.catchingUp) {
      this.held.push(event);
      if (this.held.length > this.limit) this.overflow();
      return;
    }
    this.take(event);
  }

  async next(): Promise<IteratorResult<StoredEvent>> {
    for (;;) {
      if (this.closed) return { done: true, value: undefined };
      const event = this.queue.shift();
      if (event) return { done: false, value: event };
      if (this.catchingUp) {
        await this.catchUp();
        continue;
      }
      await new Promise<void>((resolve) => (this.wakeUp = resolve));
    }
  }

  async return(): Promise<IteratorResult<StoredEvent>> {
    this.close();
    return { done: true, value: undefined };
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    this.held = [];
    this.hub.leave();
    this.wake();
  }

  /** Reads one page of the log after the cursor; at its end, joins the live stream. */
  private async catchUp(): Promise<void> {
    const events = await this.hub.readAfter(this.cursor);
    for (const event of events) this.take(event);
    if (events.length > 0) return;
    this.catchingUp = false;
    const held = this.held;
    this.held = [];
    for (const event of held) this.take(event);
  }

  private take(event: StoredEvent): void {
    if (this.closed || compareCursors(event.cursor, this.cursor) <= 0) return;
    this.cursor = event.cursor;
    if (!this.options.accepts(event)) return;
    if (this.queue.length >= this.limit) return this.overflow();
    this.queue.push(event);
    this.wake();
  }

  private overflow(): void {
    this.close();
    this.options.onOverflow();
  }

  private wake(): void {
    const wakeUp = this.wakeUp;
    this.wakeUp = undefined;
    wakeUp?.();
  }
}
