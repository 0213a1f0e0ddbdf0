import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { StoredEvent } from '../../../platform/src/events/event-log';
import {
  compareCursors,
  EventLogConsumer,
  logHead,
  readEvents,
  type EventCursor,
} from '../../../platform/src/events/event-log-reader';
import type { EventFeed, FeedDeps } from './event-feed';

export interface FanOutSettings {
  redisUrl: string;
  /** SOTTO_REDIS_KEY_PREFIX: the lease, the last published cursor and the channel live under it. */
  keyPrefix: string;
  /** How long the leader's lease lasts without renewal (default 5 s). */
  leaseMs?: number;
  /** How often the leader renews and announces where it is; followers try for the lease (1 s). */
  tickMs?: number;
  /**
   * How long without a word from the leader (Redis away, or no leader) before a replica reads
   * the log itself (3 s); a blip shorter than this is made good from the log by cursor.
   */
  silenceMs?: number;
}

/** A message on the channel: an event with the cursor published just before it, or the head. */
type FanOutMessage =
  | {
      kind: 'event';
      prev: EventCursor;
      event: Omit<StoredEvent, 'occurredAt'> & { occurredAt: string };
    }
  | { kind: 'head'; cursor: EventCursor };

/** Sets the last published cursor and publishes, only while `ARGV[1]` holds the lease. */
const PUBLISH_AS_LEADER = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
if ARGV[2] ~= '' then redis.call('set', KEYS[2], ARGV[2], 'PX', ARGV[4]) end
redis.call('publish', KEYS[3], ARGV[3])
return 1`;
const RENEW_LEASE = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('pexpire', KEYS[1], ARGV[2])`;
const RELEASE_LEASE = `
if redis.call('get', KEYS[1]) ~= ARGV[1] then return 0 end
return redis.call('del', KEYS[1])`;

/** A new leader continues from the last published cursor when it is this recent, else the head. */
const PUBLISHED_TTL_MS = 60_000;
const RECOVERY_PAGE = 100;

class LostLease extends Error {
  constructor() {
    super('the fan-out lease was lost');
  }
}

/**
 * Subscription fan-out across gateway replicas (REDIS_URL). One replica at a time holds a lease
 * in Redis (`<prefix>:events:leader`, renewed every tick, expiring after `leaseMs`, so a dead
 * leader is replaced) and reads the log for the whole cluster: it publishes each event on
 * `<prefix>:events` with the cursor it published before (`prev`), and every tick the last cursor
 * published (`head`). Every replica, the leader too, feeds its hub from that channel.
 *
 * The log stays the source of truth: a replica tracks the last cursor it handed out; a message
 * whose `prev` is past it, or a `head` past it, means it missed messages (a Redis blip), and it
 * reads them from the log by cursor before going on. When Redis cannot be used (unreachable at
 * start, or no word from a leader for `silenceMs`), the replica reads the log itself, as
 * without Redis, until the leader is heard again. Duplicates (a deposed leader, the fallback and the channel
 * overlapping) are skipped by cursor.
 */
export class RedisFanOut implements EventFeed {
  /** This replica's name in the lease and in Redis' CLIENT LIST. */
  readonly id = randomBytes(12).toString('hex');
  private readonly keys: { lease: string; published: string; channel: string };
  private readonly leaseMs: number;
  private readonly silenceMs: number;
  private readonly commands: Redis;
  private readonly subscriber: Redis;
  private readonly timer: NodeJS.Timeout;
  /** Every step of the feed runs in turn, so events go out in order. */
  private chain: Promise<void> = Promise.resolve();
  private position: EventCursor;
  private lastHeard = Date.now();
  private leading?: { consumer: EventLogConsumer; prev: EventCursor };
  private ticking?: Promise<void>;
  private local?: EventLogConsumer;
  private stopped = false;

  private constructor(
    private readonly deps: FeedDeps,
    settings: FanOutSettings,
  ) {
    const base = `${settings.keyPrefix}:events`;
    this.keys = { lease: `${base}:leader`, published: `${base}:published`, channel: base };
    this.leaseMs = settings.leaseMs ?? 5000;
    this.silenceMs = settings.silenceMs ?? 3000;
    this.position = deps.from;
    const options = {
      lazyConnect: true,
      connectTimeout: 2000,
      maxRetriesPerRequest: 1,
      disconnectTimeout: 200,
    };
    // Commands fail at once while Redis is away, rather than queueing; the clients reconnect.
    this.commands = new Redis(settings.redisUrl, {
      ...options,
      connectionName: `${base}:feed:${this.id}`,
      enableOfflineQueue: false,
      commandTimeout: 1000,
    });
    this.subscriber = new Redis(settings.redisUrl, {
      ...options,
      connectionName: `${base}:listen:${this.id}`,
      enableOfflineQueue: false,
      autoResubscribe: false,
    });
    let down = false;
    const onError = (error: Error) => {
      if (down) return;
      down = true;
      deps.logger.warn({ reason: error.message }, 'redis unavailable: subscription fan-out paused');
    };
    this.commands.on('error', onError);
    this.subscriber.on('error', onError);
    // Subscribes on every (re)connection; what was missed meanwhile is read from the log.
    this.subscriber.on('ready', () => {
      down = false;
      this.subscriber.subscribe(this.keys.channel).catch(() => {});
    });
    this.subscriber.on('message', (_channel: string, text: string) => this.received(text));
    this.timer = setInterval(() => void this.tick(), settings.tickMs ?? 1000);
  }

  static async start(deps: FeedDeps, settings: FanOutSettings): Promise<RedisFanOut> {
    const fanOut = new RedisFanOut(deps, settings);
    await fanOut.commands.connect().catch(() => {});
    await fanOut.subscriber.connect().catch(() => {});
    // Unreachable from the start: read the log at once rather than after a silence.
    if (fanOut.subscriber.status !== 'ready') fanOut.lastHeard = 0;
    await fanOut.tick();
    return fanOut;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.ticking;
    await this.stepDown();
    await this.local?.stop();
    this.local = undefined;
    await this.chain;
    for (const client of [this.subscriber, this.commands]) {
      if (client.status === 'ready') await client.quit().catch(() => {});
      client.disconnect();
    }
  }

  /** One beat: hold or seek the lease, announce the head, and watch that the channel lives. */
  private tick(): Promise<void> {
    if (this.stopped || this.ticking) return this.ticking ?? Promise.resolve();
    this.ticking = this.beat().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async beat(): Promise<void> {
    try {
      if (this.leading) await this.renew();
      else await this.seekLease();
    } catch {
      // Redis is away: a leader steps down (another may hold the lease once it expires).
      await this.stepDown();
    }
    await this.watch();
  }

  private async seekLease(): Promise<void> {
    const won = await this.commands.set(this.keys.lease, this.id, 'PX', this.leaseMs, 'NX');
    if (won !== 'OK') return;
    const published = await this.commands.get(this.keys.published);
    const from = published ?? (await logHead(this.deps.pool));
    const consumer = new EventLogConsumer({
      url: this.deps.databaseUrl,
      startAt: from,
      handle: (event) => this.publish(event),
      onError: (error) => {
        if (error instanceof LostLease) return void this.stepDown();
        this.deps.logger.error({ err: error }, 'subscription fan-out: publishing failed');
      },
    });
    this.leading = { consumer, prev: from };
    this.deps.stats.leader = true;
    this.deps.logger.info({ from }, 'subscription fan-out: this replica reads the event log');
    await consumer.start();
  }

  private async renew(): Promise<void> {
    const renewed = await this.commands.eval(
      RENEW_LEASE,
      1,
      this.keys.lease,
      this.id,
      String(this.leaseMs),
    );
    if (renewed !== 1) throw new LostLease();
    const head: FanOutMessage = { kind: 'head', cursor: this.leading!.prev };
    await this.commands.eval(
      PUBLISH_AS_LEADER,
      3,
      this.keys.lease,
      this.keys.published,
      this.keys.channel,
      this.id,
      '',
      JSON.stringify(head),
      String(PUBLISHED_TTL_MS),
    );
  }

  /** The leader's handler: one event on the channel, fenced by the lease. */
  private async publish(event: StoredEvent): Promise<void> {
    const leading = this.leading;
    if (!leading) throw new LostLease();
    this.deps.stats.eventsRead.leader++;
    const message: FanOutMessage = {
      kind: 'event',
      prev: leading.prev,
      event: { ...event, occurredAt: event.occurredAt.toISOString() },
    };
    const sent = await this.commands.eval(
      PUBLISH_AS_LEADER,
      3,
      this.keys.lease,
      this.keys.published,
      this.keys.channel,
      this.id,
      event.cursor,
      JSON.stringify(message),
      String(PUBLISHED_TTL_MS),
    );
    if (sent !== 1) throw new LostLease();
    leading.prev = event.cursor;
  }

  private async stepDown(): Promise<void> {
    const leading = this.leading;
    if (!leading) return;
    this.leading = undefined;
    this.deps.stats.leader = false;
    this.deps.logger.info('subscription fan-out: this replica no longer reads the event log');
    await leading.consumer.stop().catch(() => {});
    await this.commands.eval(RELEASE_LEASE, 1, this.keys.lease, this.id).catch(() => {});
  }

  /** Reads the log itself while the channel is silent or Redis away; stops when it speaks again. */
  private async watch(): Promise<void> {
    if (this.stopped) return;
    // The leader speaks every tick: silence means Redis is away (or no replica leads).
    const healthy = Date.now() - this.lastHeard < this.silenceMs;
    if (!healthy && !this.local) {
      const { stats, logger } = this.deps;
      stats.fallback = true;
      stats.fallbacks++;
      logger.warn('subscription fan-out unavailable: reading the event log in this replica');
      this.local = new EventLogConsumer({
        url: this.deps.databaseUrl,
        startAt: this.position,
        handle: (event) =>
          this.inTurn(async () => {
            if (compareCursors(event.cursor, this.position) <= 0) return;
            stats.eventsRead.local++;
            this.hand(event);
          }),
        onError: (error) => logger.error({ err: error }, 'subscription event reader failed'),
      });
      await this.local.start().catch((error: unknown) => {
        logger.error({ err: error }, 'subscription event reader failed to start');
      });
    } else if (healthy && this.local) {
      const local = this.local;
      this.local = undefined;
      this.deps.stats.fallback = false;
      this.deps.logger.info('subscription fan-out available again');
      await local.stop();
    }
  }

  private received(text: string): void {
    this.lastHeard = Date.now();
    let message: FanOutMessage;
    try {
      message = JSON.parse(text) as FanOutMessage;
    } catch {
      return;
    }
    void this.inTurn(async () => {
      if (message.kind === 'head') {
        if (compareCursors(message.cursor, this.position) > 0) await this.recover(message.cursor);
        return;
      }
      const event = { ...message.event, occurredAt: new Date(message.event.occurredAt) };
      if (compareCursors(event.cursor, this.position) <= 0) return;
      // Events were published between what this replica handed out and this one: read them.
      if (compareCursors(message.prev, this.position) > 0) await this.recover(event.cursor);
      // Never over a gap: if the log did not give them, the next `head` will try again.
      if (compareCursors(message.prev, this.position) > 0) return;
      if (compareCursors(event.cursor, this.position) > 0) this.hand(event);
    });
  }

  /** Reads the log from this replica's position up to `until` (included), handing each out. */
  private async recover(until: EventCursor): Promise<void> {
    for (;;) {
      const events = await readEvents(this.deps.pool, this.position, { limit: RECOVERY_PAGE });
      for (const event of events) {
        if (compareCursors(event.cursor, until) > 0) return;
        this.deps.stats.eventsRead.recovery++;
        this.hand(event);
      }
      if (events.length < RECOVERY_PAGE) return;
    }
  }

  private hand(event: StoredEvent): void {
    this.position = event.cursor;
    this.deps.deliver(event);
  }

  private inTurn(step: () => Promise<void>): Promise<void> {
    const next = this.chain.then(step).catch((error: unknown) => {
      this.deps.logger.error(
        { err: error },
        'subscription fan-out: an event could not be handed out',
      );
    });
    this.chain = next;
    return next;
  }
}
