import { PreparedStatements, type Quoting } from './prepared-statements';

/** MikroORM's PostgreSQL quoting, as far as these statements need it. */
const quoting: Quoting = {
  quoteValue: (value) =>
    Array.isArray(value)
      ? value.map((one) => quoting.quoteValue(one)).join(', ')
      : typeof value === 'string'
        ? `'${value.replaceAll("'", "''")}'`
        : String(value),
  formatQuery: (sql, params) =>
    sql.split('?').reduce((text, part, i) => text + quoting.quoteValue(params[i - 1]) + part),
};

const byId = { sql: 'select * from t where id = ? and n > ?', params: ['a', 1] };

describe('PreparedStatements', () => {
  it('prepares a statement with its first execution, then executes it by name', () => {
    const prepared = new PreparedStatements();
    const first = prepared.message(['begin', byId], quoting);
    expect(first.text.split(';\n')).toEqual([
      'begin',
      'prepare sotto_1 as select * from t where id = $1 and n > $2',
      "execute sotto_1('a', 1)",
    ]);
    // The PREPARE's answer is not one of the statements'.
    expect(first.answersOf(['B', 'P', 'E'])).toEqual(['B', 'E']);
    const again = prepared.message([{ ...byId, params: ["o'b", 2] }], quoting);
    expect(again.text.split(';\n')).toEqual(["execute sotto_1('o''b', 2)"]);
  });

  it('numbers a list one placeholder per value, and prepares each length apart', () => {
    const prepared = new PreparedStatements();
    const list = (ids: string[]) => ({
      sql: 'select * from t where id in (?) and x = ?',
      params: [ids, true],
    });
    expect(prepared.message([list(['a', 'b'])], quoting).text.split(';\n')).toEqual([
      'prepare sotto_1 as select * from t where id in ($1, $2) and x = $3',
      "execute sotto_1('a', 'b', true)",
    ]);
    expect(prepared.message([list(['c'])], quoting).text.split(';\n')[0]).toBe(
      'prepare sotto_2 as select * from t where id in ($1) and x = $2',
    );
    expect(prepared.message([list(['d', 'e'])], quoting).text.split(';\n')).toEqual([
      "execute sotto_1('d', 'e', true)",
    ]);
  });

  it('writes in the values of what only a literal can fill', () => {
    const prepared = new PreparedStatements();
    const empty = { sql: 'select * from t where id in (?)', params: [[]] };
    const identifier = { sql: 'select ?? from t where id = ?', params: ['col', 'a'] };
    expect(prepared.message([empty, identifier], quoting).text.split(';\n')).toEqual([
      quoting.formatQuery(empty.sql, empty.params),
      quoting.formatQuery(identifier.sql, identifier.params),
    ]);
    expect(prepared.size).toBe(0);
  });

  it('forgets what a failed message prepared, and a statement PostgreSQL cannot type for good', () => {
    const prepared = new PreparedStatements();
    prepared
      .message([byId], quoting)
      .failed(Object.assign(new Error('deadlock'), { code: '40P01' }));
    expect(prepared.size).toBe(0);
    // Prepared again, under a new name: the first may exist, unused.
    expect(prepared.message([byId], quoting).text.split(';\n')[0]).toMatch(/^prepare sotto_2 as/);

    const untyped = { sql: 'select ? as value', params: ['x'] };
    prepared
      .message([untyped], quoting)
      .failed(Object.assign(new Error('could not determine data type'), { code: '42P18' }));
    expect(prepared.message([untyped], quoting).text.split(';\n')).toEqual(["select 'x' as value"]);
    // On other connections too.
    expect(new PreparedStatements().message([untyped], quoting).text.split(';\n')).toEqual([
      "select 'x' as value",
    ]);
  });

  it('names every statement again after PostgreSQL lost them', () => {
    const prepared = new PreparedStatements();
    prepared.message([byId], quoting);
    prepared
      .message([byId], quoting)
      .failed(Object.assign(new Error('prepared statement does not exist'), { code: '26000' }));
    expect(prepared.message([byId], quoting).text.split(';\n')[0]).toMatch(/^prepare /);
  });

  it('drops every statement of the connection when it holds its capacity', () => {
    const prepared = new PreparedStatements(2);
    prepared.message([byId, { sql: 'select * from u where id = ?', params: ['a'] }], quoting);
    const third = prepared.message(
      [{ sql: 'select * from v where id = ?', params: ['a'] }],
      quoting,
    );
    expect(third.text.split(';\n')[0]).toBe('deallocate all');
    expect(third.answersOf(['D', 'P', 'E'])).toEqual(['E']);
    expect(prepared.size).toBe(1);
  });
});
