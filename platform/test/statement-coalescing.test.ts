import type { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { createOrm } from '../src/database/orm';
import { coalesceStatements, WITH_NEXT_STATEMENT } from '../src/database/statement-coalescing';
import { testDatabaseUrl } from '../../test/support/test-platform';

/**
 * `BEGIN` and the statements marked to go with the next one share its round trip to
 * PostgreSQL, with the same answers and the same errors as when sent one by one.
 */
let orm: MikroORM;
let client: Client;
let spy: jest.SpyInstance;

/** What `client` really sent to the server, one entry per message. */
function sent(): string[] {
  return spy.mock.calls
    .filter((_call, index) => spy.mock.contexts[index] === client)
    .map(([config]) => (typeof config === 'string' ? config : (config as { text: string }).text));
}

beforeAll(async () => {
  orm = await createOrm({ schema: 'public', url: testDatabaseUrl(), entities: [], migrations: [] });
  client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  coalesceStatements(client as unknown as Parameters<typeof coalesceStatements>[0]);
});
beforeEach(() => {
  spy = jest.spyOn(Client.prototype, 'query');
});
afterEach(() => {
  spy.mockRestore();
});
afterAll(async () => {
  await client?.end();
  await orm?.close();
});

/** knex's way of calling a connection: a config and a callback. */
function query(text: string, values: unknown[] = []) {
  return new Promise<{ command: string; rows: Record<string, unknown>[] }>((resolve, reject) =>
    (client.query as (...args: unknown[]) => void)(
      { text, values },
      (error: Error | null, result: never) => (error ? reject(error) : resolve(result)),
    ),
  );
}

const enter = (value: string) =>
  `${WITH_NEXT_STATEMENT} select set_config('sotto.probe', '${value}', true)`;

describe('on a connection', () => {
  it('sends BEGIN and a marked statement with the next one, and answers each', async () => {
    expect((await query('BEGIN;')).command).toBe('BEGIN');
    await query(enter('42'));
    expect(sent()).toEqual([]);
    const read = await query(`select current_setting('sotto.probe') as probe`);
    expect(read.rows).toEqual([{ probe: '42' }]);
    await query('COMMIT;');
    expect(sent()).toHaveLength(2);
    expect(sent()[0]).toMatch(/^BEGIN;\n\/\* sotto:with-next \*\/ select set_config/);
    expect(sent()[1]).toBe('COMMIT;');
    // LOCAL: gone with the transaction, as when sent one by one.
    expect((await query(`select current_setting('sotto.probe', true) as probe`)).rows).toEqual([
      { probe: '' },
    ]);
  });

  it('sends the held statements before one with bound parameters', async () => {
    await query('BEGIN;');
    await query(enter('7'));
    const read = await query('select current_setting($1) as probe', ['sotto.probe']);
    await query('COMMIT;');
    expect(read.rows).toEqual([{ probe: '7' }]);
    expect(sent()).toHaveLength(3);
  });

  it("gives a held statement's error to the next statement, and the connection goes on", async () => {
    await query('BEGIN;');
    await query(`${WITH_NEXT_STATEMENT} select set_config('role', 'no_such_role', true)`);
    await expect(query('select 1')).rejects.toThrow(/no_such_role/);
    await query('ROLLBACK;');
    expect((await query('select 2 as two')).rows).toEqual([{ two: 2 }]);
  });

  it("reports a held statement's error, not its consequence, before bound parameters", async () => {
    await query('BEGIN;');
    await query(`${WITH_NEXT_STATEMENT} select set_config('role', 'no_such_role', true)`);
    await expect(query('select $1::int as n', [1])).rejects.toThrow(/no_such_role/);
    await query('ROLLBACK;');
    expect((await query('select $1::int as n', [4])).rows).toEqual([{ n: 4 }]);
  });

  it('leaves statements without the mark alone', async () => {
    await query(`select set_config('sotto.probe', 'x', false)`);
    expect(sent()).toHaveLength(1);
  });
});

describe('through MikroORM', () => {
  it('runs a transaction entering a setting in two round trips, not four', async () => {
    const fresh = await createOrm({
      schema: 'public',
      url: testDatabaseUrl(),
      entities: [],
      migrations: [],
    });
    try {
      spy.mockClear();
      const read = await fresh.em.fork().transactional(async (em) => {
        await em.execute(`${WITH_NEXT_STATEMENT} select set_config('sotto.probe', ?, true)`, [
          'mikro',
        ]);
        return em.execute(`select current_setting('sotto.probe') as probe`);
      });
      expect(read).toEqual([{ probe: 'mikro' }]);
      const texts = spy.mock.calls.map(([config]) =>
        typeof config === 'string' ? config : (config as { text: string }).text,
      );
      expect(texts.filter((text) => !/^set /i.test(text))).toHaveLength(2);
    } finally {
      await fresh.close();
    }
  });

  it('rolls back when a held statement fails, and the pool stays usable', async () => {
    const em = orm.em.fork();
    await expect(
      em.transactional(async (tx) => {
        await tx.execute(`${WITH_NEXT_STATEMENT} select set_config('role', 'no_such_role', true)`);
        await tx.execute('select 1');
      }),
    ).rejects.toThrow(/no_such_role/);
    expect(await orm.em.fork().execute('select 3 as three')).toEqual([{ three: 3 }]);
  });
});
