/**
 * Statements planned once per connection. A hot path's message runs the same few statements
 * with other values every time, and for such small statements PostgreSQL spends more of its CPU
 * parsing and planning (row-level security's policies included) than running them. Each
 * statement is prepared on the connection the first time it runs there (`PREPARE`, in the same
 * simple-protocol message as its first `EXECUTE`), then executed by name: still one message,
 * still literals, but a plan PostgreSQL keeps (`plan_cache_mode` decides between a plan per
 * value and a generic one). The tenant's role is entered before each statement in the message,
 * so a plan is made, and kept, under the row-level security of `sotto_tenant`.
 */

/** One statement: SQL with MikroORM's `?` placeholders, an array filling a list (`in (?)`). */
export interface PreparableStatement {
  sql: string;
  params?: readonly unknown[];
}

/** MikroORM's quoting: a value as a literal (an array as a comma-separated list of them). */
export interface Quoting {
  quoteValue(value: unknown): string;
  /** `sql` with its values written in, where `?` placeholders are. */
  formatQuery(sql: string, params: readonly unknown[]): string;
}

/** A message's SQL, and what to do with its answers once PostgreSQL has answered. */
export interface PreparedMessage {
  /** The message: its statements (`PREPARE`s among them, before their first `EXECUTE`). */
  text: string;
  /** The message as it would be without preparing: each statement with its values written in. */
  writtenOut(): string;
  /** The answers of the statements given, out of the message's (without the `PREPARE`s'). */
  answersOf<T>(answers: readonly T[]): T[];
  /** The message failed: what it prepared may or may not exist on the connection. */
  failed(error: unknown): void;
}

/** PostgreSQL's `indeterminate_datatype`: `PREPARE` could not type a parameter. */
const INDETERMINATE_DATATYPE = '42P18';
/** PostgreSQL's `invalid_sql_statement_name`: no statement prepared under that name. */
const NO_SUCH_STATEMENT = '26000';

/** The SQLSTATE of a PostgreSQL error (`pg` puts it in `code`), if `error` is one. */
function sqlStateOf(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}

/**
 * Statements that cannot be prepared (a parameter PostgreSQL cannot type without its value), by
 * their text: sent with their literals written in, in every process's connections from then on.
 */
const unpreparable = new Set<string>();

/**
 * Whether `error` is one of the failures that `PreparedStatements` mends for the next message (a
 * statement that cannot be prepared, statements the connection lost): run it again, once.
 */
export function isMendedByPreparingAgain(error: unknown): boolean {
  const code = sqlStateOf(error);
  return code === INDETERMINATE_DATATYPE || code === NO_SUCH_STATEMENT;
}

/**
 * `sql` with its placeholders numbered (`$1`…, a list's one per value), or undefined when it
 * holds what only a literal can fill (an identifier `??`, an escaped `\?`).
 */
function numbered(sql: string, params: readonly unknown[]): string | undefined {
  const parts = sql.split('?');
  if (parts.length - 1 !== params.length) return undefined;
  let text = parts[0]!;
  let next = 1;
  for (let i = 0; i < params.length; i++) {
    const part = parts[i + 1]!;
    if (parts[i]!.endsWith('\\') || (part === '' && i + 1 < params.length)) return undefined;
    const value = params[i];
    const count = Array.isArray(value) ? value.length : 1;
    if (count === 0) return undefined;
    text += Array.from({ length: count }, () => `$${next++}`).join(', ') + part;
  }
  return text;
}

/** What a statement is prepared under: its text and the length of each of its lists. */
function shapeOf(sql: string, params: readonly unknown[]): string {
  const lists = params.map((value) => (Array.isArray(value) ? value.length : '')).join(',');
  return lists ? `${sql}\u0000${lists}` : sql;
}

/**
 * The statements prepared on one connection, by shape; at most `capacity`, then all dropped.
 * Each keeps its plans in the connection's backend (a few kilobytes to tens), for every pooled
 * connection of every service: the bound keeps that to megabytes per connection.
 */
export class PreparedStatements {
  private readonly names = new Map<string, string>();
  private sequence = 0;

  constructor(private readonly capacity = 250) {}

  /** How many statements are prepared on the connection. */
  get size(): number {
    return this.names.size;
  }

  /**
   * The message for `statements` (a string is sent as it is): known ones executed by name, new
   * ones prepared first, those that cannot be prepared with their literals written in.
   */
  message(
    statements: readonly (string | PreparableStatement)[],
    quoting: Quoting,
  ): PreparedMessage {
    const out: string[] = [];
    const positions: number[] = [];
    const added: string[] = [];
    if (this.names.size >= this.capacity) {
      this.names.clear();
      out.push('deallocate all');
    }
    for (const statement of statements) {
      if (typeof statement === 'string') {
        positions.push(out.push(statement) - 1);
        continue;
      }
      const params = statement.params ?? [];
      const shape = shapeOf(statement.sql, params);
      let name = this.names.get(shape);
      if (name === undefined) {
        const text = unpreparable.has(shape) ? undefined : numbered(statement.sql, params);
        if (text === undefined) {
          positions.push(out.push(quoting.formatQuery(statement.sql, params)) - 1);
          continue;
        }
        name = `sotto_${++this.sequence}`;
        this.names.set(shape, name);
        added.push(shape);
        out.push(`prepare ${name} as ${text}`);
      }
      // MikroORM's quoting writes a list as its literals, comma-separated.
      const args = params.length
        ? `(${params.map((value) => quoting.quoteValue(value)).join(', ')})`
        : '';
      positions.push(out.push(`execute ${name}${args}`) - 1);
    }
    return {
      text: out.join(';\n'),
      writtenOut: () =>
        statements
          .map((one) =>
            typeof one === 'string' ? one : quoting.formatQuery(one.sql, one.params ?? []),
          )
          .join(';\n'),
      answersOf: (answers) => positions.map((position) => answers[position]!),
      failed: (error) => {
        const code = sqlStateOf(error);
        // Statements after the failed one did not run; prepared or not, they are named again.
        if (code === NO_SUCH_STATEMENT) this.names.clear();
        for (const shape of added) {
          this.names.delete(shape);
          if (code === INDETERMINATE_DATATYPE) unpreparable.add(shape);
        }
      },
    };
  }
}
