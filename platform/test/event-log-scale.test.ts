import type { MikroORM } from '@mikro-orm/postgresql';
import { Client, type QueryConfig } from 'pg';
import {
  consumerLags,
  consumerLagsQuery,
  LAG_PLANNER_SETTINGS,
  logHead,
  readLogPage,
  START_OF_LOG,
} from '../src/events/event-log-reader';
import { openServiceDatabase } from '../../launcher/src/databases';
import { createScratchDatabase } from '../../test/support/test-platform';

/**
 * What a consumer reads at each wake must not grow with the log: on a log of tens of thousands
 * of events, the plan of a page read uses the log's index, never a scan of the whole table,
 * whether PostgreSQL has statistics on the table or not (none until it is analyzed; with
 * autovacuum off, never). Without them, a test on the transaction id looks unselective, and an
 * `exists` over it scans the whole log: what looking for held-back events did at every wake.
 */
const EVENTS = 40_000;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let orm: MikroORM;
let client: Client;
let lastEvent: string;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  orm = await openServiceDatabase('events', scratch.url, 1);
  client = new Client({ connectionString: scratch.url });
  await client.connect();
  // Appended by many transactions, as a restaurant group's orders are.
  for (let batch = 0; batch < 40; batch++) {
    await client.query(
      `insert into events.event_log
         (id, type, restaurant_id, environment, aggregate_type, aggregate_id, payload)
       select 'evt_' || $1 || '_' || n, 'order.created', 'rst_' || (n % 50), 'sandbox',
              'order', 'ord_' || n, '{}'
         from generate_series(1, $2) as n`,
      [batch, EVENTS / 40],
    );
  }
  // The log's last event: `logHead` stops short of it while an older transaction runs anywhere
  // on the server (another test file's), so the consumer is put after the last event itself.
  const { rows } = await client.query<{ cursor: string }>(
    `select tx_id::text || ':' || seq as cursor from events.event_log
      order by tx_id desc, seq desc limit 1`,
  );
  const head = rows[0]!.cursor;
  lastEvent = head;
  await client.query(
    `insert into events.consumer_cursors (consumer, tx_id, seq)
     values ('test.caught-up', split_part($1, ':', 1)::xid8, split_part($1, ':', 2)::bigint)`,
    [head],
  );
}, 60_000);
afterAll(async () => {
  await client?.end();
  await orm?.close();
  await scratch?.drop();
});

/** The statement `readLogPage` sends, with its parameters. */
async function pageStatement(start: Parameters<typeof readLogPage>[1]): Promise<QueryConfig> {
  let sent: QueryConfig | undefined;
  const recorder = {
    query: (text: string, values: unknown[]) => {
      sent = { text, values };
      return client.query(text, values);
    },
  } as unknown as Client;
  await readLogPage(recorder, start, 100);
  return sent!;
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Plans?: PlanNode[];
}

function scannedWhole(node: PlanNode): string[] {
  const here =
    node['Node Type'] === 'Seq Scan' && node['Relation Name'] === 'event_log' ? ['event_log'] : [];
  return [...here, ...(node.Plans ?? []).flatMap(scannedWhole)];
}

const STARTS = [
  ['a durable consumer caught up', { consumer: 'test.caught-up' }],
  ['a consumer never seen (from the start)', { consumer: 'test.new' }],
  ['a durable consumer saving its cursor', { consumer: 'test.caught-up', save: '1:1' }],
  ['a reader from a cursor', { cursor: '0:0' }],
] as const;

async function wholeScans(start: Parameters<typeof readLogPage>[1]): Promise<string[]> {
  const { text, values } = await pageStatement(start);
  const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
    `explain (format json) ${text}`,
    values,
  );
  return scannedWhole(rows[0]!['QUERY PLAN'][0].Plan);
}

/** The plan of the lag count, under the settings `consumerLags` sends with it. */
async function lagPlan(live?: string): Promise<{ Plan: PlanNode; JIT?: unknown }> {
  await client.query('begin');
  try {
    await client.query(LAG_PLANNER_SETTINGS);
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode; JIT?: unknown }] }>(
      `explain (format json) ${consumerLagsQuery(live)}`,
    );
    return rows[0]!['QUERY PLAN'][0];
  } finally {
    await client.query('rollback');
  }
}

const lagPlanScans = async (live?: string) => {
  const plan = await lagPlan(live);
  return { wholeScans: scannedWhole(plan.Plan), jit: plan.JIT !== undefined };
};

// Before the page reads' tests with statistics: these run on a log never analyzed.
describe('consumer lags on a long log, without statistics', () => {
  it('counts from each cursor with the log’s index, and without JIT', async () => {
    expect(await lagPlanScans()).toEqual({ wholeScans: [], jit: false });
    expect(await lagPlanScans(START_OF_LOG)).toEqual({ wholeScans: [], jit: false });
  });

  it('counts right, and leaves the connection’s planner settings as they were', async () => {
    const settings = async () =>
      (
        await client.query(
          `select current_setting('enable_seqscan') as seqscan, current_setting('jit') as jit`,
        )
      ).rows[0];
    const before = await settings();
    const lags = await consumerLags(client, { name: 'test.live', cursor: START_OF_LOG });
    expect(lags).toEqual([
      { consumer: 'test.caught-up', lag: 0 },
      { consumer: 'test.live', lag: EVENTS },
    ]);
    expect(await settings()).toEqual(before);
    expect(before.seqscan).toBe('on');
  });
});

describe('a consumer’s page read on a long log', () => {
  it.each(STARTS)('uses the index for %s, without statistics', async (_what, start) => {
    expect(await wholeScans(start)).toEqual([]);
  });

  it.each(STARTS)('uses the index for %s, with statistics', async (_what, start) => {
    await client.query('analyze events.event_log');
    expect(await wholeScans(start)).toEqual([]);
  });

  it('counts lags with the log’s index, with statistics', async () => {
    await client.query('analyze events.event_log');
    expect(await lagPlanScans(START_OF_LOG)).toEqual({ wholeScans: [], jit: false });
  });

  it('hands out a caught-up consumer nothing, and nothing held back', async () => {
    // Held back only while an older transaction runs on the server (another test file's).
    let page = await readLogPage(client, { consumer: 'test.caught-up' }, 100);
    for (let tries = 0; page.heldBack && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      page = await readLogPage(client, { consumer: 'test.caught-up' }, 100);
    }
    expect(page).toEqual({ from: lastEvent, events: [], heldBack: false });
    expect(await logHead(client)).toBe(lastEvent);
  });
});
