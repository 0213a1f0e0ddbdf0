import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { consumerLags, START_OF_LOG } from '../src/events/event-log-reader';
import { eventLogMigrations } from '../src/events/migrations';
import { createOrm, migrateSchema } from '../src/database/orm';
import { testDatabaseUrl, useOwnDatabase } from '../../test/support/test-platform';

/**
 * A consumer's lag counts the events after its cursor in the log's own order (transaction, then
 * sequence). On a database of this file's own, so that no other suite's events are counted.
 */
let database: { drop(): Promise<void> };
let orm: MikroORM;
let first: Client;
let second: Client;

beforeAll(async () => {
  database = await useOwnDatabase();
  orm = await createOrm({
    schema: 'events',
    url: testDatabaseUrl(),
    entities: [],
    migrations: eventLogMigrations,
  });
  await migrateSchema(orm, 'events', testDatabaseUrl());
  first = new Client({ connectionString: testDatabaseUrl() });
  second = new Client({ connectionString: testDatabaseUrl() });
  await Promise.all([first.connect(), second.connect()]);
});
afterAll(async () => {
  await Promise.all([first?.end(), second?.end()]);
  await orm?.close();
  await database?.drop();
});

const append = (client: Client, id: string) =>
  client.query<{ tx: string; seq: string }>(
    `insert into events.event_log (id, type, restaurant_id, environment, aggregate_type, aggregate_id, payload)
     values ($1, 'order.created', 'rst_lag', 'sandbox', 'order', $1, '{}') returning tx_id::text as tx, seq::text`,
    [id],
  );

describe('consumerLags', () => {
  it('orders the log by transaction, so a higher sequence number can come first', async () => {
    // The first transaction takes its id, the second appends, then the first appends: the later
    // sequence number belongs to the earlier transaction.
    await first.query('begin');
    await first.query('select pg_current_xact_id()');
    await second.query('begin');
    const early = (await append(second, 'evt_lag_1')).rows[0]!;
    const late = (await append(first, 'evt_lag_2')).rows[0]!;
    await Promise.all([first.query('commit'), second.query('commit')]);
    expect(BigInt(late.seq)).toBeGreaterThan(BigInt(early.seq));
    expect(BigInt(late.tx)).toBeLessThan(BigInt(early.tx));

    const lagAt = async (cursor: string) =>
      (await consumerLags(first, { name: 'reader', cursor })).find((c) => c.consumer === 'reader')!
        .lag;
    expect(await lagAt(START_OF_LOG)).toBe(2);
    // The end of the log is the second transaction's event, whatever the highest sequence.
    expect(await lagAt(`${early.tx}:${early.seq}`)).toBe(0);
    expect(await lagAt(`${late.tx}:${late.seq}`)).toBe(1);

    await first.query(
      `insert into events.consumer_cursors (consumer, tx_id, seq) values ('durable', $1::text::xid8, $2)`,
      [early.tx, early.seq],
    );
    expect(await consumerLags(first)).toEqual([{ consumer: 'durable', lag: 0 }]);
  });
});
