/**
 * Fewer round trips to PostgreSQL per transaction. A tenant transaction starts with two
 * statements whose answers nobody reads — knex's `BEGIN;` and the statement entering the tenant
 * (`TenantDatabase`) — and on loopback each round trip costs more CPU (a socket write and a
 * wake-up on both sides) than most of the queries themselves. Such statements are held on their
 * connection and sent in the same simple-protocol message as the next one: PostgreSQL runs them
 * in order, stops at the first error, and the next statement's caller gets that error (the
 * transaction then rolls back as it would have). Nothing else changes: a statement with bound
 * parameters (extended protocol) cannot share a message, so the held ones go just before it.
 */

/** Marks a statement that may wait for the next one on its connection. */
export const WITH_NEXT_STATEMENT = '/* sotto:with-next */';

const BEGIN = /^\s*begin\s*;?\s*$/i;

type Callback = (error: Error | null, result?: unknown) => void;

interface QueryConfig {
  text: string;
  values?: unknown[];
  name?: string;
}

/** The part of `pg.Client` this wraps (knex calls `query(config, callback)`). */
export interface QueryingConnection {
  query(...args: unknown[]): unknown;
}

/** What a held statement answers at once: what PostgreSQL would, minus rows nobody reads. */
function heldResult(text: string) {
  const command = BEGIN.test(text) ? 'BEGIN' : 'SELECT';
  return { command, rowCount: command === 'SELECT' ? 0 : null, rows: [], fields: [] };
}

/** A statement without bound parameters or a name: one that can share a simple-protocol message. */
function isSimple(config: unknown): config is QueryConfig {
  if (typeof config !== 'object' || config === null) return false;
  const { text, values, name } = config as QueryConfig;
  return typeof text === 'string' && name === undefined && (values?.length ?? 0) === 0;
}

/** `BEGIN`, or a statement marked to go with the next one. */
const isHoldable = (config: unknown): config is QueryConfig =>
  isSimple(config) &&
  (BEGIN.test(config.text) || config.text.trimStart().startsWith(WITH_NEXT_STATEMENT));

/** The last statement's result of a multi-statement message (`pg` answers an array). */
const lastResult = (result: unknown) => (Array.isArray(result) ? result.at(-1) : result);

/** Wraps a new connection's `query` (knex's pool `afterCreate`). */
export function coalesceStatements(connection: QueryingConnection): void {
  // The class's `query` as it is at each call, so that what instruments pg's prototype later
  // (tracing, a test counting statements) still sees every message.
  const prototype = Object.getPrototypeOf(connection) as QueryingConnection;
  const send = (...args: unknown[]) => prototype.query.apply(connection, args);
  let held: string[] = [];

  connection.query = (...args: unknown[]) => {
    const [config, callback] = args;
    if (typeof callback !== 'function') {
      // Only knex's callback form is coalesced; anything else goes as it came, after the held.
      if (held.length) send({ text: held.splice(0).join(';\n') }, () => {});
      return send(...args);
    }
    const done = callback as Callback;
    if (isHoldable(config)) {
      held.push(config.text.trim().replace(/;$/, ''));
      process.nextTick(done, null, heldResult(config.text));
      return undefined;
    }
    if (!held.length) return send(...args);
    const prefix = held.join(';\n');
    held = [];
    if (isSimple(config)) {
      return send(
        { ...config, text: `${prefix};\n${config.text}` },
        (error: Error | null, result: unknown) => done(error, lastResult(result)),
      );
    }
    // Both queued at once, in order (pg sends a connection's queries one after the other); a
    // failure of the held statements is the one reported, not its consequence.
    let heldError: Error | null = null;
    send({ text: prefix }, (error: Error | null) => (heldError = error));
    return send(config, (error: Error | null, result: unknown) => done(heldError ?? error, result));
  };
}
