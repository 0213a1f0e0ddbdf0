import { MikroORM } from '@mikro-orm/postgresql';
import { Pool } from 'pg';
import { createOrm } from '../src/database/orm';
import { recordEvent, type NewEvent } from '../src/events/event-log';
import {
  EventLogConsumer,
  logHead,
  readEvents,
  readLogPage,
  START_OF_LOG,
} from '../src/events/event-log-reader';
import { eventLogMigrations } from '../src/events/migrations';
import { newId } from '../src/ids';
import type { StoredEvent } from '../src/events/event-log';
import { testDatabaseUrl } from '../../test/support/test-platform';
import { settledEvents } from '../../test/support/settled-events';

let orm: MikroORM;
let pool: Pool;

beforeAll(async () => {
  orm = await createOrm({
    schema: 'events',
    url: testDatabaseUrl(),
    entities: [],
    migrations: eventLogMigrations,
  });
  pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
});
afterAll(async () => {
  await pool?.end();
  await orm?.close();
});

/** Each test appends for its own restaurant, so it reads only its own events. */
const tenant = () => ({ restaurantId: newId('restaurant'), environment: 'sandbox' as const });
const event = (
  t: NewEvent['tenant'],
  id: string,
  type: NewEvent['type'] = 'order.created',
): NewEvent => ({
  type,
  tenant: t,
  aggregate: { type: 'order', id },
  payload: { order: { order_id: id } },
});

describe('event log', () => {
  it('appends in the transaction of the change, with a global sequence and the tenant', async () => {
    const t = tenant();
    await orm.em.fork().transactional(async (em) => {
      await recordEvent(em, event(t, 'ord_a'));
      await recordEvent(em, event(t, 'ord_a', 'order.status_changed'));
    });
    const events = await settledEvents(pool, t);
    expect(events.map((e) => [e.type, e.aggregateId, e.restaurantId, e.environment])).toEqual([
      ['order.created', 'ord_a', t.restaurantId, 'sandbox'],
      ['order.status_changed', 'ord_a', t.restaurantId, 'sandbox'],
    ]);
    expect(BigInt(events[1]!.seq)).toBeGreaterThan(BigInt(events[0]!.seq));
    expect(events[0]!.id).toMatch(/^evt_/);
    expect(events[0]!.payload).toEqual({ order: { order_id: 'ord_a' } });
  });

  it('appends nothing when the transaction rolls back', async () => {
    const t = tenant();
    await expect(
      orm.em.fork().transactional(async (em) => {
        await recordEvent(em, event(t, 'ord_b'));
        throw new Error('the change failed after its event was written');
      }),
    ).rejects.toThrow('the change failed');
    expect(await settledEvents(pool, t)).toEqual([]);
  });

  it('refuses to append outside a transaction', async () => {
    await expect(recordEvent(orm.em.fork(), event(tenant(), 'ord_c'))).rejects.toThrow(
      /inside a transaction/,
    );
  });

  it('does not show an event before the transactions older than it have finished', async () => {
    const t = tenant();
    const slow = await pool.connect();
    try {
      // An older transaction takes its id first and appends late.
      await slow.query('begin');
      await slow.query('select pg_current_xact_id()');
      await orm.em.fork().transactional((em) => recordEvent(em, event(t, 'ord_late_but_newer')));
      // The newer commit is held back: a reader that moved past it would skip the older one.
      expect(await readEvents(pool, START_OF_LOG, { tenant: t })).toEqual([]);
      await slow.query(
        `insert into events.event_log (id, type, restaurant_id, environment, aggregate_type, aggregate_id, payload)
         values ($1, 'order.created', $2, 'sandbox', 'order', 'ord_older', '{}')`,
        [newId('event'), t.restaurantId],
      );
      await slow.query('commit');
    } finally {
      slow.release();
    }
    const events = await settledEvents(pool, t);
    expect(events.map((e) => e.aggregateId)).toEqual(['ord_older', 'ord_late_but_newer']);
  });

  it('a consumer is woken by NOTIFY, handles each event once in order and resumes from its cursor', async () => {
    const t = tenant();
    const name = `test-consumer-${t.restaurantId}`;
    const seen: StoredEvent[] = [];
    const mine = (e: StoredEvent) => e.restaurantId === t.restaurantId;
    const consumer = new EventLogConsumer({
      url: testDatabaseUrl(),
      name,
      pollIntervalMs: 60_000, // only NOTIFY can wake it within the test
      handle: async (e) => {
        if (mine(e)) seen.push(e);
      },
    });
    await consumer.start();
    await consumer.drain();
    await orm.em.fork().transactional((em) => recordEvent(em, event(t, 'ord_1')));
    await waitFor(() => seen.length === 1, 20_000);
    await orm.em.fork().transactional((em) => recordEvent(em, event(t, 'ord_2')));
    await waitFor(() => seen.length === 2, 20_000);
    await consumer.stop();

    await orm.em.fork().transactional((em) => recordEvent(em, event(t, 'ord_3')));
    const resumed: string[] = [];
    const again = new EventLogConsumer({
      url: testDatabaseUrl(),
      name,
      handle: async (e) => {
        if (mine(e)) resumed.push(e.aggregateId);
      },
    });
    await again.start();
    // Other suites' transactions may hold ord_3 back for a moment: wait for it, then drain.
    await waitFor(() => resumed.length >= 1, 20_000);
    await again.drain();
    await again.stop();
    expect(seen.map((e) => e.aggregateId)).toEqual(['ord_1', 'ord_2']);
    expect(resumed).toEqual(['ord_3']);
  });
});

describe('a durable consumer’s cursor', () => {
  it('is saved with the next page or on stop, and up to the last event handled when a handler fails', async () => {
    const t = tenant();
    const name = `test-batch-${t.restaurantId}`;
    const mine = (e: StoredEvent) => e.restaurantId === t.restaurantId;
    for (const id of ['ord_a', 'ord_b', 'ord_c']) {
      await orm.em.fork().transactional((em) => recordEvent(em, event(t, id)));
    }
    const spy = jest.spyOn(Pool.prototype, 'query');
    const firstRun: string[] = [];
    let failure: unknown;
    const failing = new EventLogConsumer({
      url: testDatabaseUrl(),
      name,
      pollIntervalMs: 60_000,
      handle: async (e) => {
        if (!mine(e)) return;
        if (e.aggregateId === 'ord_c') throw new Error('the handler failed');
        firstRun.push(e.aggregateId);
      },
      onError: (error) => (failure ??= error),
    });
    try {
      await failing.start();
      await waitFor(() => failure !== undefined, 20_000);
      await failing.stop();
      const texts = spy.mock.calls.map(([config]) => String(config));
      const reads = texts.filter((text) => text.includes('from events.event_log')).length;
      const saves = texts.filter((text) => text.includes('into events.consumer_cursors')).length;
      expect(saves).toBeGreaterThan(0);
      expect(saves).toBeLessThanOrEqual(reads);
    } finally {
      spy.mockRestore();
    }
    expect(firstRun).toEqual(['ord_a', 'ord_b']);

    const secondRun: string[] = [];
    const again = new EventLogConsumer({
      url: testDatabaseUrl(),
      name,
      handle: async (e) => {
        if (mine(e)) secondRun.push(e.aggregateId);
      },
    });
    await again.start();
    await waitFor(() => secondRun.length >= 1, 20_000);
    await again.drain();
    await again.stop();
    expect(secondRun).toEqual(['ord_c']);
  });
});

describe('a page of the log', () => {
  it('starts from the cursor saved under a consumer’s name, or from the one given', async () => {
    const t = tenant();
    const name = `test-page-${t.restaurantId}`;
    const unknown = await readLogPage(pool, { consumer: name }, 1);
    expect(unknown.from).toBe(START_OF_LOG);
    for (const id of ['ord_p1', 'ord_p2']) {
      await orm.em.fork().transactional((em) => recordEvent(em, event(t, id)));
    }
    const [first, second] = await settledEvents(pool, t);
    await pool.query(
      `insert into events.consumer_cursors (consumer, tx_id, seq)
       values ($1, split_part($2, ':', 1)::xid8, split_part($2, ':', 2)::bigint)`,
      [name, first!.cursor],
    );
    const saved = await readLogPage(pool, { consumer: name }, 100);
    expect(saved.from).toBe(first!.cursor);
    expect(saved.events.map((e) => e.cursor)).toContain(second!.cursor);
    expect(saved.events.map((e) => e.cursor)).not.toContain(first!.cursor);
    const given = await readLogPage(pool, { cursor: first!.cursor }, 100);
    expect(given.from).toBe(first!.cursor);
    // Other test files append to the same log meanwhile: the later page may go further.
    const both = Math.min(given.events.length, saved.events.length);
    expect(both).toBeGreaterThan(0);
    expect(given.events.slice(0, both)).toEqual(saved.events.slice(0, both));
    expect((await readLogPage(pool, { cursor: first!.cursor }, 1)).events).toHaveLength(1);
    await pool.query('delete from events.consumer_cursors where consumer = $1', [name]);
  });

  it('says when events wait behind an older transaction, and hands them out after it', async () => {
    const t = tenant();
    const head = await logHead(pool);
    const slow = await pool.connect();
    try {
      await slow.query('begin');
      await slow.query('select pg_current_xact_id()');
      await orm.em.fork().transactional((em) => recordEvent(em, event(t, 'ord_behind')));
      const page = await readLogPage(pool, { cursor: head }, 100_000);
      expect(page.heldBack).toBe(true);
      expect(page.events.filter((e) => e.restaurantId === t.restaurantId)).toEqual([]);
      await slow.query('commit');
    } finally {
      slow.release();
    }
    expect((await settledEvents(pool, t)).map((e) => e.aggregateId)).toEqual(['ord_behind']);
  });
});

describe('a durable consumer’s wake', () => {
  it('reads its cursor, its page and whether events are held back, and saves what it handled, in one statement', async () => {
    const t = tenant();
    const name = `test-wake-${t.restaurantId}`;
    const seen: StoredEvent[] = [];
    const consumer = new EventLogConsumer({
      url: testDatabaseUrl(),
      name,
      pollIntervalMs: 60_000,
      handle: async (e) => {
        if (e.restaurantId === t.restaurantId) seen.push(e);
      },
    });
    await consumer.start();
    await consumer.drain();
    const spy = jest.spyOn(Pool.prototype, 'query');
    try {
      await orm.em.fork().transactional((em) => recordEvent(em, event(t, 'ord_woken')));
      await waitFor(() => seen.length === 1, 20_000);
      await consumer.drain();
      const texts = spy.mock.calls.map(([config]) => String(config));
      // Nothing but pages: no separate read of the cursor, no separate look for held-back
      // events, no separate save.
      expect(texts.length).toBeGreaterThanOrEqual(2);
      expect(texts.filter((text) => !text.includes('left join lateral'))).toEqual([]);
      // A page after the event's saved its cursor (other test files append meanwhile).
      const saves = texts.filter((text) => text.includes('into events.consumer_cursors'));
      expect(saves.length).toBeGreaterThan(0);
    } finally {
      spy.mockRestore();
      await consumer.stop();
    }
    expect(seen.map((e) => e.aggregateId)).toEqual(['ord_woken']);
    const saved = (await readLogPage(pool, { consumer: name }, 1)).from;
    expect(cursorOrder(saved, seen[0]!.cursor)).toBeGreaterThanOrEqual(0);
    await pool.query('delete from events.consumer_cursors where consumer = $1', [name]);
  });
});

describe('a consumer while commits keep coming', () => {
  it('takes the events of many commits in one page, at most one read per `pageIntervalMs`', async () => {
    const t = tenant();
    const batches = new Set<readonly StoredEvent[]>();
    const seen: string[] = [];
    const consumer = new EventLogConsumer({
      url: testDatabaseUrl(),
      startAt: await logHead(pool),
      pollIntervalMs: 60_000,
      pageIntervalMs: 1_000,
      batchSize: 1_000, // other test files' events never fill a page
      handle: async (e, batch) => {
        if (e.restaurantId !== t.restaurantId) return;
        seen.push(e.aggregateId);
        batches.add(batch);
      },
    });
    await consumer.start();
    try {
      // Twenty commits, each notifying: well within one interval of each other.
      const ids = Array.from({ length: 20 }, (_, i) => `ord_stream_${i}`);
      for (const id of ids) {
        await orm.em.fork().transactional((em) => recordEvent(em, event(t, id)));
      }
      await waitFor(() => seen.length === ids.length, 20_000);
      expect(seen).toEqual(ids);
      // Read at every notification, they would come in up to twenty pages.
      expect(batches.size).toBeLessThanOrEqual(2);
    } finally {
      await consumer.stop();
    }
  });

  it('does not wait for the interval to drain or to stop', async () => {
    const t = tenant();
    const name = `test-spaced-${t.restaurantId}`;
    const seen: string[] = [];
    const consumer = new EventLogConsumer({
      url: testDatabaseUrl(),
      name,
      pollIntervalMs: 60_000,
      pageIntervalMs: 600_000, // ten minutes: far past the test's timeout, were it waited for
      handle: async (e) => {
        if (e.restaurantId === t.restaurantId) seen.push(e.aggregateId);
      },
    });
    await consumer.start();
    await consumer.drain();
    // The notification's wake now waits for the interval; a drain reads at once (again, when
    // other test files' transactions hold the event back).
    await orm.em.fork().transactional((em) => recordEvent(em, event(t, 'ord_drained')));
    const deadline = Date.now() + 20_000;
    while (seen.length === 0 && Date.now() < deadline) await consumer.drain();
    expect(seen).toEqual(['ord_drained']);
    // A wake waiting for the interval again; stop ends the wait.
    await orm.em.fork().transactional((em) => recordEvent(em, event(t, 'ord_after')));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await consumer.stop();
    await pool.query('delete from events.consumer_cursors where consumer = $1', [name]);
  });
});

describe('a durable consumer’s drain', () => {
  it('comes back when the database does not answer, with the cursor still to save', async () => {
    const t = tenant();
    const name = `test-drain-down-${t.restaurantId}`;
    const errors: unknown[] = [];
    let down: jest.SpyInstance | undefined;
    const consumer = new EventLogConsumer({
      url: testDatabaseUrl(),
      name,
      pollIntervalMs: 60_000,
      handle: async (e) => {
        // The database goes away once this event is handled, before its cursor is saved.
        if (e.restaurantId !== t.restaurantId || down) return;
        down = jest
          .spyOn(Pool.prototype, 'query')
          .mockRejectedValue(new Error('connection refused') as never);
      },
      onError: (error) => errors.push(error),
    });
    await consumer.start();
    await orm.em.fork().transactional((em) => recordEvent(em, event(t, 'ord_before_outage')));
    await waitFor(() => down !== undefined, 20_000);
    try {
      await consumer.drain(); // each page that would save the cursor fails: no endless retry
      expect(errors.length).toBeGreaterThan(0);
    } finally {
      down!.mockRestore();
    }
    await consumer.stop(); // back up: the cursor is saved on the way out
    const saved = (await readLogPage(pool, { consumer: name }, 1)).from;
    const [mine] = await settledEvents(pool, t);
    expect(cursorOrder(saved, mine!.cursor)).toBeGreaterThanOrEqual(0);
    await pool.query('delete from events.consumer_cursors where consumer = $1', [name]);
  });
});

describe('a consumer behind an older transaction', () => {
  it('delivers what was held back once that transaction ends, even when it appended nothing', async () => {
    const t = tenant();
    const seen: string[] = [];
    const consumer = new EventLogConsumer({
      url: testDatabaseUrl(),
      name: `test-held-back-${t.restaurantId}`,
      pollIntervalMs: 60_000, // no poll within the test: only NOTIFY and the held-back retry
      handle: async (e) => {
        if (e.restaurantId === t.restaurantId) seen.push(e.aggregateId);
      },
    });
    await consumer.start();
    await consumer.drain();
    const slow = await pool.connect();
    try {
      await slow.query('begin');
      await slow.query('select pg_current_xact_id()');
      await orm.em.fork().transactional((em) => recordEvent(em, event(t, 'ord_held')));
      await consumer.drain(); // woken, but the event waits behind the older transaction
      expect(seen).toEqual([]);
      await slow.query('commit'); // no event, so no NOTIFY
    } finally {
      slow.release();
    }
    await waitFor(() => seen.length === 1, 20_000);
    await consumer.stop();
    expect(seen).toEqual(['ord_held']);
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Negative, zero or positive as cursor `a` (`<tx id>:<seq>`) comes before, at or after `b`. */
function cursorOrder(a: string, b: string): number {
  const [ta, sa] = a.split(':').map(BigInt);
  const [tb, sb] = b.split(':').map(BigInt);
  const difference = ta! === tb! ? sa! - sb! : ta! - tb!;
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

describe('two replicas of one durable consumer', () => {
  it('the cursor never moves back when the slower replica saves an earlier one', async () => {
    const t = tenant();
    const name = `test-replicas-${t.restaurantId}`;
    await pool.query(
      `insert into events.consumer_cursors (consumer, tx_id, seq)
       values ($1, split_part($2, ':', 1)::xid8, split_part($2, ':', 2)::bigint)`,
      [name, await logHead(pool)],
    );
    for (const id of ['ord_r1', 'ord_r2', 'ord_r3']) {
      await orm.em.fork().transactional((em) => recordEvent(em, event(t, id)));
    }
    const [, , third] = await settledEvents(pool, t);
    const mine = (e: StoredEvent) => e.restaurantId === t.restaurantId;

    // The slow replica is held in its first event; the quick one handles all three meanwhile.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let slowStarted = false;
    const slow = new EventLogConsumer({
      url: testDatabaseUrl(),
      name,
      pollIntervalMs: 60_000,
      handle: async (e) => {
        if (!mine(e)) return;
        slowStarted = true;
        await held;
      },
    });
    const quickSeen: string[] = [];
    const quick = new EventLogConsumer({
      url: testDatabaseUrl(),
      name,
      pollIntervalMs: 60_000,
      handle: async (e) => {
        if (mine(e)) quickSeen.push(e.aggregateId);
      },
    });
    await slow.start();
    await waitFor(() => slowStarted, 20_000);
    await quick.start();
    await waitFor(() => quickSeen.length === 3, 20_000);
    await quick.drain();
    await quick.stop();
    // At the third event, or past it: other test files append to the same log meanwhile.
    const savedByQuick = (await readLogPage(pool, { consumer: name }, 1)).from;
    expect(cursorOrder(savedByQuick, third!.cursor)).toBeGreaterThanOrEqual(0);

    // Stopped after its first event, the slow replica saves that event's cursor: too late.
    const stopped = slow.stop();
    release();
    await stopped;
    expect((await readLogPage(pool, { consumer: name }, 1)).from).toBe(savedByQuick);
    expect(quickSeen).toEqual(['ord_r1', 'ord_r2', 'ord_r3']);
    await pool.query('delete from events.consumer_cursors where consumer = $1', [name]);
  });
});
