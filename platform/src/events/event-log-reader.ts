import type { ClientBase, Pool, QueryResult } from 'pg';
import type { EventType, StoredEvent } from './event-log';
import type { Tenant } from '../tenancy/tenant';
import { resilientPool } from '../database/pg-pool';
import { NotificationListener } from '../database/pg-listener';

/** Where a reader stands in the log: `"<transaction id>:<sequence>"`; `"0:0"` is the start. */
export type EventCursor = string;
export const START_OF_LOG: EventCursor = '0:0';

function parseCursor(cursor: EventCursor): [string, string] {
  const match = /^(\d+):(\d+)$/.exec(cursor);
  if (!match) throw new RangeError(`not an event cursor: ${cursor}`);
  return [match[1]!, match[2]!];
}

/** Whether `value` is a well-formed cursor (a client's `after`, say). */
export function isEventCursor(value: string): boolean {
  return /^\d{1,20}:\d{1,20}$/.test(value);
}

/** Orders two cursors as the log does: negative when `a` comes before `b`, 0 when equal. */
export function compareCursors(a: EventCursor, b: EventCursor): number {
  const [aTx, aSeq] = parseCursor(a).map(BigInt) as [bigint, bigint];
  const [bTx, bSeq] = parseCursor(b).map(BigInt) as [bigint, bigint];
  if (aTx !== bTx) return aTx < bTx ? -1 : 1;
  return aSeq === bSeq ? 0 : aSeq < bSeq ? -1 : 1;
}

/**
 * Planner settings for counting a consumer's lag. Without statistics on the log (none until it
 * is analyzed; with autovacuum off, never), PostgreSQL takes a range of the log's index for a
 * tenth of the table, scans the whole log for each consumer, and compiles the plan with JIT:
 * about 0.4 s of the database's CPU per count on 75,000 events, growing with the log. Without
 * sequential scans and JIT, a count reads the index from the cursor on: about what the lag is.
 */
export const LAG_PLANNER_SETTINGS = `select set_config('enable_seqscan', 'off', true),
  set_config('jit', 'off', true)`;

/** The count of `consumerLags`, the live reader's cursor written as literals (digits only). */
export function consumerLagsQuery(live?: EventCursor): string {
  const after = (tx: string, seq: string) =>
    `(select count(*) from events.event_log e where (e.tx_id, e.seq) > (${tx}, ${seq}))`;
  const [liveTx, liveSeq] = parseCursor(live ?? START_OF_LOG);
  return `select c.consumer, ${after('c.tx_id', 'c.seq')} as lag from events.consumer_cursors c
     union all
     select null, ${after(`'${liveTx}'::xid8`, `${liveSeq}::bigint`)} where ${live !== undefined}`;
}

/**
 * How many events of the log come after each durable consumer's cursor, in the log's own order
 * (transaction, then sequence: a later sequence number may belong to an earlier transaction,
 * so "highest sequence minus the cursor's" is not a lag), and after `live` (a reader whose
 * position is in memory, such as a gateway's subscription feed) when given. One message: the
 * planner settings hold for its implicit transaction only, never for the pooled connection.
 */
export async function consumerLags(
  db: Pick<ClientBase, 'query'>,
  live?: { name: string; cursor: EventCursor },
): Promise<Array<{ consumer: string; lag: number }>> {
  const results = (await db.query(
    `${LAG_PLANNER_SETTINGS}; ${consumerLagsQuery(live?.cursor)}`,
  )) as unknown as Array<QueryResult<{ consumer: string | null; lag: string }>>;
  return results[1]!.rows.map((row) => ({
    consumer: row.consumer ?? live!.name,
    lag: Number(row.lag),
  }));
}

interface EventRow {
  seq: string;
  id: string;
  type: EventType;
  restaurant_id: string;
  environment: Tenant['environment'];
  aggregate_type: string;
  aggregate_id: string;
  payload: Record<string, unknown>;
  occurred_at: Date;
  tx_id: string;
}

/** An event's columns, as `toStoredEvent` reads them (`e` is the event log). */
const EVENT_COLUMNS = `e.seq, e.id, e.type, e.restaurant_id, e.environment, e.aggregate_type,
  e.aggregate_id, e.payload, e.occurred_at, e.tx_id::text as tx_id`;

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    seq: String(row.seq),
    cursor: `${row.tx_id}:${row.seq}`,
    type: row.type,
    restaurantId: row.restaurant_id,
    environment: row.environment,
    aggregateType: row.aggregate_type,
    aggregateId: row.aggregate_id,
    payload: row.payload,
    occurredAt: row.occurred_at,
  };
}

/**
 * The events after `cursor`, in commit-safe order. Sequence numbers are handed out before
 * commit, so a later number can become visible before an earlier one; reading in
 * (transaction id, sequence) order and only up to the oldest transaction still running means an
 * event is never skipped by a reader that has moved past it.
 */
export async function readEvents(
  db: ClientBase | Pool,
  cursor: EventCursor,
  options: { limit?: number; tenant?: Tenant } = {},
): Promise<StoredEvent[]> {
  const [txId, seq] = parseCursor(cursor);
  const params: unknown[] = [txId, seq, options.limit ?? 100];
  let tenantClause = '';
  if (options.tenant) {
    params.push(options.tenant.restaurantId, options.tenant.environment);
    tenantClause = 'and restaurant_id = $4 and environment = $5';
  }
  const { rows } = await db.query<EventRow>(
    `select ${EVENT_COLUMNS}
       from events.event_log e
      where (tx_id, seq) > ($1::text::xid8, $2::bigint)
        and tx_id < pg_snapshot_xmin(pg_current_snapshot())
        ${tenantClause}
      order by tx_id, seq
      limit $3`,
    params,
  );
  return rows.map(toStoredEvent);
}

/** What a consumer reads at each step: a page of the log, and what it needs to go on. */
export interface LogPage {
  /**
   * Where the page starts: the cursor given, or for a consumer by name the later of the one
   * saved under its name and the one it saved with this page.
   */
  from: EventCursor;
  /** Up to `limit` events after `from`, as `readEvents` hands them out. */
  events: StoredEvent[];
  /**
   * Whether the log holds events that are not handed out yet, because a transaction older than
   * theirs is still running: a reader that has read every event handed out looks again shortly.
   */
  heldBack: boolean;
}

/**
 * Where a page starts: a cursor given, or the cursor saved under a consumer's name (the start
 * of the log if none). A named consumer may hand over `save`, the cursor of what it handled
 * since it last saved: the same statement saves it (never backwards, see `EventLogConsumer`)
 * and starts from the later of it and the one saved (another replica may have gone further).
 */
export type PageStart = { consumer: string; save?: EventCursor } | { cursor: EventCursor };

/**
 * Saves a consumer's cursor (`$1` its name, `$2` and `$3` the cursor's transaction and sequence),
 * never backwards: replicas running the same consumer each save where their own batch ended,
 * and one that took longer over an earlier batch must not hand the other's events out again.
 */
const SAVE_CURSOR = `insert into events.consumer_cursors as saved (consumer, tx_id, seq)
  values ($1, $2::text::xid8, $3::bigint)
  on conflict (consumer) do update
    set tx_id = excluded.tx_id, seq = excluded.seq, updated_at = now()
    where (saved.tx_id, saved.seq) < (excluded.tx_id, excluded.seq)`;

/** The statement's start, and the cursor it saves first, for `readLogPage`'s `start`. */
function pageStart(start: PageStart): { params: unknown[]; save: string; from: string } {
  if (!('consumer' in start)) {
    return {
      params: parseCursor(start.cursor),
      save: '',
      from: `select $1::text::xid8 as tx_id, $2::bigint as seq`,
    };
  }
  const saving = start.save !== undefined;
  return {
    params: [start.consumer, ...parseCursor(start.save ?? START_OF_LOG)],
    // Data-modifying, so run once to completion, read or not; the select below still sees the
    // cursor as it was before this statement, hence the union with the cursor saved.
    save: saving ? `saved as (${SAVE_CURSOR}),` : '',
    from: `select tx_id, seq from (
             select c.tx_id, c.seq from events.consumer_cursors c where c.consumer = $1
             union all select $2::text::xid8, $3::bigint) as known
           order by tx_id desc, seq desc limit 1`,
  };
}

/**
 * A page of the log for a consumer, in one statement: from `start` (see `PageStart`), with
 * whether events are held back. The held-back events are those of transactions from the
 * oldest still running on; a cursor is always before them (it was handed out before that
 * transaction's events could be).
 */
export async function readLogPage(
  db: ClientBase | Pool,
  start: PageStart,
  limit: number,
): Promise<LogPage> {
  const { params, save, from } = pageStart(start);
  params.push(limit);
  const { rows } = await db.query<
    { from_cursor: string; held_back: boolean } & { [K in keyof EventRow]: EventRow[K] | null }
  >(
    // Events are held back when the log's last transaction is not older than the oldest one
    // still running. Both are index lookups: the last event by a backward scan, and the
    // oldest running transaction written out where it is compared (joined from a CTE, or
    // tested with `exists`, PostgreSQL would scan the whole log).
    `with ${save} start as (${from})
     select start.tx_id::text || ':' || start.seq as from_cursor, held.held_back, ${EVENT_COLUMNS}
       from start
      cross join (select coalesce((select tx_id from events.event_log
                                    order by tx_id desc, seq desc limit 1)
                                  >= pg_snapshot_xmin(pg_current_snapshot()), false)
                           as held_back) as held
       left join lateral (
         select * from events.event_log
          where (tx_id, seq) > (start.tx_id, start.seq)
            and tx_id < pg_snapshot_xmin(pg_current_snapshot())
          order by tx_id, seq
          limit $${params.length}
       ) as e on true
      order by e.tx_id, e.seq`,
    params,
  );
  const first = rows[0]!;
  return {
    from: first.from_cursor,
    events: rows.filter((row) => row.id !== null).map((row) => toStoredEvent(row as EventRow)),
    heldBack: first.held_back,
  };
}

/**
 * Where the log ends for a reader starting now: the last event that `readEvents` hands out
 * today. Every event a reader from here gets later was not visible yet, so a snapshot taken after
 * this call and the events read from this cursor leave no gap (they may overlap).
 */
export async function logHead(db: ClientBase | Pool): Promise<EventCursor> {
  const { rows } = await db.query<{ cursor: string }>(
    `select tx_id::text || ':' || seq as cursor
       from events.event_log
      where tx_id < pg_snapshot_xmin(pg_current_snapshot())
      order by tx_id desc, seq desc
      limit 1`,
  );
  return rows[0]?.cursor ?? START_OF_LOG;
}

/**
 * How soon a consumer looks again when events wait behind an older running transaction: at
 * first quickly, then less often while that transaction goes on.
 */
const HELD_BACK_RETRY_MS = { first: 20, max: 1000 };

/** `ConsumerOptions.pageIntervalMs`'s default. */
export const PAGE_INTERVAL_MS = 50;

export interface ConsumerOptions {
  url: string;
  /**
   * A durable consumer keeps its cursor in the database under this name and resumes from it
   * after a restart. Without a name, the cursor lives in memory, from `startAt`.
   */
  name?: string;
  /** Where a consumer without a name starts (default: the start of the log). */
  startAt?: EventCursor;
  /**
   * Handles one event; `batch` is the page of the log it came in (the same array for each of
   * its events), for a handler that reads what the page's events need at once, per batch.
   */
  handle: (event: StoredEvent, batch: readonly StoredEvent[]) => Promise<void>;
  batchSize?: number;
  /** Fallback poll, for appends whose notification came while an older transaction still ran. */
  pollIntervalMs?: number;
  /**
   * The least time between the end of one catch-up (a page short of `batchSize`: the log's end)
   * and the next read, `PAGE_INTERVAL_MS` unless given. While commits keep coming, each
   * notifying, a consumer that read at every one would take a page of one event per commit: a
   * round trip, and for a handler a lookup per batch, for each event. Spaced, a page takes the
   * events of all the commits meanwhile. A wake after a quiet spell reads at once, and a full
   * page is followed at once: the wait only holds back a consumer that keeps up.
   */
  pageIntervalMs?: number;
  onError?: (error: unknown) => void;
}

/**
 * Reads the log from a durable cursor, woken by `LISTEN/NOTIFY`, at most one page read per
 * `pageIntervalMs` while it keeps up with a stream of commits. Delivery to `handle` is at
 * least once (handlers are idempotent: they reconcile, or insert once by event id). A durable
 * consumer saves its cursor with the next page it reads, in the same statement: one round trip
 * per batch rather than two, the read and the save. What it handled is saved by its next
 * wake at the latest (a notification, or the poll after `pollIntervalMs`), and on `stop`; a
 * crash in between hands out again at most the batch handled last, as a crash in the middle of
 * a batch always could. A handler's failure keeps the events handled before it in that cursor,
 * so that they are not handed out again.
 */
export class EventLogConsumer {
  private readonly pool: Pool;
  private listener?: NotificationListener;
  private timer?: NodeJS.Timeout;
  private retry?: NodeJS.Timeout;
  private retryDelay = HELD_BACK_RETRY_MS.first;
  private running = false;
  private draining?: Promise<void>;
  private wakeAgain = false;
  /** When the last catch-up reached the log's end (`pageIntervalMs` counts from there). */
  private caughtUpAt = -Infinity;
  /** Ends the wait for `pageIntervalMs` now, when one is under way (`drain`, `stop`). */
  private hurry?: () => void;
  /** Set while draining: the reads do not wait for `pageIntervalMs`. */
  private hurried = false;
  private cursor: EventCursor;
  /** What a durable consumer handled and has not saved yet (saved with its next page). */
  private unsaved?: EventCursor;

  constructor(private readonly options: ConsumerOptions) {
    this.pool = resilientPool(
      { url: options.url, max: 1, owner: `events:${options.name ?? 'in-memory'}` },
      (error) => options.onError?.(error),
    );
    this.cursor = options.startAt ?? START_OF_LOG;
  }

  async start(): Promise<void> {
    this.running = true;
    // Lost with the database, the LISTEN connection comes back, and the cursor covers the gap.
    this.listener = new NotificationListener({
      url: this.options.url,
      channels: ['sotto_events'],
      onNotification: () => this.wake(),
      onReconnected: () => this.wake(),
      onError: (error) => this.options.onError?.(error),
    });
    await this.listener.start();
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs ?? 1000);
    this.wake();
  }

  /** Stops reading; what was handled is saved before the connection closes. */
  async stop(): Promise<void> {
    this.running = false;
    this.hurry?.();
    if (this.timer) clearInterval(this.timer);
    if (this.retry) clearTimeout(this.retry);
    await this.draining;
    await this.listener?.stop();
    try {
      if (this.unsaved !== undefined) await this.saveCursor(this.unsaved);
    } catch (error) {
      // Handed out again after the restart, as after a crash.
      this.options.onError?.(error);
    }
    await this.pool.end();
  }

  /**
   * Resolves once everything visible in the log now has been handled and its cursor saved (a
   * last page read with nothing new), or once a wake failed.
   */
  async drain(): Promise<void> {
    this.hurried = true;
    this.hurry?.();
    try {
      for (;;) {
        const before = this.unsaved;
        this.wake();
        while (this.draining) await this.draining;
        // Saved, or stopped, or the wake failed (reported to `onError`): nothing more to wait for.
        if (!this.running || this.unsaved === undefined || this.unsaved === before) return;
      }
    } finally {
      this.hurried = false;
    }
  }

  private wake(): void {
    if (!this.running) return;
    if (this.draining) {
      this.wakeAgain = true;
      return;
    }
    this.draining = this.spaced()
      .then(() => this.catchUp())
      .catch((error) => this.options.onError?.(error))
      .finally(() => {
        this.draining = undefined;
        if (this.wakeAgain) {
          this.wakeAgain = false;
          this.wake();
        }
      });
  }

  /** Where the next page starts, carrying the cursor to save (see `PageStart`). */
  private nextPage(): PageStart {
    const { name } = this.options;
    return name === undefined ? { cursor: this.cursor } : { consumer: name, save: this.unsaved };
  }

  /** Resolves once `pageIntervalMs` has passed since the last catch-up reached the log's end. */
  private spaced(): Promise<void> {
    const wait = this.caughtUpAt + (this.options.pageIntervalMs ?? PAGE_INTERVAL_MS) - Date.now();
    if (wait <= 0 || this.hurried) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.hurry?.(), wait);
      this.hurry = () => {
        clearTimeout(timer);
        this.hurry = undefined;
        resolve();
      };
    });
  }

  private async catchUp(): Promise<void> {
    const limit = this.options.batchSize ?? 100;
    while (this.running) {
      const page = await readLogPage(this.pool, this.nextPage(), limit);
      // Saved by that statement (a failed one throws before this line, and it is kept).
      this.unsaved = undefined;
      const { from, events, heldBack } = page;
      let handled = from;
      try {
        for (const event of events) {
          if (!this.running) break;
          await this.options.handle(event, events);
          handled = event.cursor;
        }
      } finally {
        // Even when a handler failed: the events handled are not handed out again.
        this.cursor = handled;
        if (handled !== from && this.options.name !== undefined) this.unsaved = handled;
      }
      if (!this.running) return;
      if (events.length < limit) {
        this.caughtUpAt = Date.now();
        if (heldBack) this.retrySoon();
        else this.retryDelay = HELD_BACK_RETRY_MS.first;
        return;
      }
    }
  }

  /** Looks again soon: what an older transaction held back becomes readable when it ends. */
  private retrySoon(): void {
    if (this.retry || !this.running) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.wake();
    }, this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, HELD_BACK_RETRY_MS.max);
  }

  /** Saves the cursor alone (on `stop`), as a page's statement saves it (`SAVE_CURSOR`). */
  private async saveCursor(cursor: EventCursor): Promise<void> {
    await this.pool.query(SAVE_CURSOR, [this.options.name, ...parseCursor(cursor)]);
    this.unsaved = undefined;
  }
}
