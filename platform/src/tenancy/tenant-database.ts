import type { EntityManager, EntityName } from '@mikro-orm/postgresql';
import { knexClientOf } from '../database/knex-client';
import type { EntityMapping } from '../database/entity-statements';
import { rowEntities, type RelatedEntities, type Row } from '../database/row-entities';
import {
  isMendedByPreparingAgain,
  PreparedStatements,
  type Quoting,
} from '../database/prepared-statements';
import { WITH_NEXT_STATEMENT } from '../database/statement-coalescing';
import { tenantEntityManager } from './tenant-filter';
import type { Tenant } from './tenant';

/** The PostgreSQL role that tenant transactions run as; row-level security applies to it. */
export const TENANT_ROLE = 'sotto_tenant';

/** The settings that the row-level security policies compare each row with. */
export const TENANT_SETTINGS = {
  restaurantId: 'sotto.restaurant_id',
  environment: 'sotto.environment',
} as const;

const TENANT_SETTINGS_SQL = `select set_config('role', '${TENANT_ROLE}', true),
  set_config('${TENANT_SETTINGS.restaurantId}', ?, true),
  set_config('${TENANT_SETTINGS.environment}', ?, true)`;

const ENTER_TENANT = `${WITH_NEXT_STATEMENT} ${TENANT_SETTINGS_SQL}`;

/**
 * The condition naming the tenant's rows, for the SQL of `TenantDatabase.read`: row-level
 * security applies it anyway; written out, it says what the query reads and lets the planner
 * use the tenant indexes.
 */
export const OWN_ROWS = `restaurant_id = current_setting('${TENANT_SETTINGS.restaurantId}') and environment = current_setting('${TENANT_SETTINGS.environment}')`;

/** A value `read` and `write` put into their SQL: a literal, or a list of them (`in (?)`). */
export type SqlValue = string | number | boolean | null | Date | readonly SqlValue[];

/** One statement of `TenantDatabase.read` or `write`: SQL with `?` placeholders, and values. */
export interface SqlQuery {
  sql: string;
  params?: readonly SqlValue[];
}

/**
 * What `TenantDatabase.lockThenWrite`'s `decide` answers: the statements to write, then commit
 * (a `null` among them is a statement with nothing to write, such as `updateStatement` of an
 * entity that did not change), and what to answer.
 */
export interface Decision<T> {
  statements: readonly (SqlQuery | null)[];
  answer: T;
}

/**
 * What `decide` answers when the rows read show that more must be locked or read before it can
 * decide (rows that another transaction linked to those read): `reads`, run in the same
 * transaction as one more message, whose rows follow those already read at the next `decide`.
 */
export interface ReadMore {
  reads: readonly SqlQuery[];
}

/** A tenant's row of `table` by its id, locked until the transaction ends (`lockThenWrite`). */
export function lockedRowQuery(table: string, id: string): SqlQuery {
  return { sql: `select * from ${table} where ${OWN_ROWS} and id = ? for update`, params: [id] };
}

/**
 * A tenant's rows of `table` by their ids, locked in id order until the transaction ends: two
 * transactions locking some of the same rows this way queue rather than deadlock.
 */
export function lockedRowsQuery(table: string, ids: readonly string[]): SqlQuery {
  if (!ids.length) return { sql: `select * from ${table} where false` };
  return {
    sql: `select * from ${table} where ${OWN_ROWS} and id in (?) order by id for update`,
    params: [[...ids]],
  };
}

/**
 * A lock on `key` (any string naming what it guards, e.g. one order's payments) until the
 * transaction ends: the changes that take it first queue, even where no row exists to lock yet.
 */
export function advisoryLockQuery(key: string): SqlQuery {
  return { sql: 'select pg_advisory_xact_lock(hashtext(?))', params: [key] };
}

const written = (statements: readonly (SqlQuery | null)[]): SqlQuery[] =>
  statements.filter((statement) => statement !== null);

/** `decide` on the rows read, reading more as long as it asks (`ReadMore`), until it decides. */
async function decided<T>(
  rows: Row[][],
  decide: (rows: Row[][]) => Decision<T> | ReadMore,
  readMore: (reads: readonly SqlQuery[]) => Promise<Row[][]>,
): Promise<Decision<T>> {
  for (;;) {
    const next = decide(rows);
    if ('statements' in next) return next;
    rows.push(...(await readMore(next.reads)));
  }
}

/** Runs statements one after the other in the transaction of `em`; answers each one's rows. */
async function executeEach(em: EntityManager, queries: readonly SqlQuery[]): Promise<Row[][]> {
  const answers: Row[][] = [];
  for (const { sql, params } of queries) answers.push(await em.execute(sql, [...(params ?? [])]));
  return answers;
}

/** Refuses, before any SQL is written, a value that MikroORM's quoting would not make a literal. */
function assertLiteral(value: unknown): void {
  if (Array.isArray(value)) return value.forEach(assertLiteral);
  const ok =
    value === null ||
    value instanceof Date ||
    typeof value === 'string' ||
    typeof value === 'boolean' ||
    (typeof value === 'number' && Number.isFinite(value));
  if (!ok) throw new TypeError(`a ${typeof value} cannot be a value of a one-message statement`);
}

export type { Row };

/** The statements prepared on each pooled connection, for as long as it lives. */
const preparedStatements = new WeakMap<object, PreparedStatements>();

function preparedOn(connection: object): PreparedStatements {
  let prepared = preparedStatements.get(connection);
  if (!prepared) preparedStatements.set(connection, (prepared = new PreparedStatements()));
  return prepared;
}

/**
 * What runs on a lent connection: `send` runs statements as one message and answers each one's
 * rows; `discard` closes the connection instead of giving it back.
 */
type ConnectionWork<T> = (
  send: (statements: readonly (string | SqlQuery)[]) => Promise<Row[][]>,
  discard: () => void,
) => Promise<T>;

/**
 * One tenant's view of a service's database, in two layers. The entity manager's tenant
 * filter adds the restaurant and environment to every query MikroORM builds; and every
 * transaction runs as the restricted `sotto_tenant` role with the tenant in its settings, so
 * PostgreSQL's row-level security hides other tenants' rows even from a query that forgets its
 * filter, raw SQL included.
 */
export class TenantDatabase {
  private forked?: EntityManager;

  constructor(
    private readonly root: EntityManager,
    readonly tenant: Tenant,
    options: { joinTransaction?: boolean } = {},
  ) {
    // A joined transaction is the one open now: its context is taken at once.
    if (options.joinTransaction) {
      this.forked = tenantEntityManager(root, tenant, { keepTransaction: true });
    }
  }

  /**
   * The tenant's entity manager (the unit of work, the tenant filter), forked at first use: the
   * one-message reads and writes of the hot paths need none, only the ORM's metadata and pool.
   */
  get em(): EntityManager {
    return (this.forked ??= tenantEntityManager(this.root, this.tenant));
  }

  /**
   * The ORM's metadata and SQL platform, for the statements of `write` and `lockThenWrite`
   * (`entity-statements.ts`): shared by every request, it forks nothing.
   */
  get mapping(): EntityMapping {
    return this.root;
  }

  /** Whether a transaction is open on this database's entity manager (one it joined). */
  private get inTransaction(): boolean {
    return this.forked?.isInTransaction() ?? false;
  }

  /**
   * The same tenant's view inside a transaction already open on `em` (one of this class's
   * transactions): its own transactions nest in that one as savepoints, so that work written
   * for a `TenantDatabase` joins a larger all-or-nothing change (`sandbox reset`).
   */
  static joining(em: EntityManager, tenant: Tenant): TenantDatabase {
    return new TenantDatabase(em, tenant, { joinTransaction: true });
  }

  /**
   * Reads for the hot paths, in one round trip and without the unit of work. The tenant's
   * settings and `queries` go to PostgreSQL as one simple-protocol message, which it runs as one
   * implicit transaction: row-level security applies to every query, and the settings end with
   * the message, so nothing stays on the pooled connection. Values fill the `?` placeholders with
   * MikroORM's own quoting, as in the queries it builds. Inside a transaction that this database
   * joined (`joining`), the queries run in that transaction instead, to see its changes.
   * Answers each query's rows, in order (`entities` maps them where entities are wanted).
   */
  read(queries: readonly SqlQuery[]): Promise<Row[][]> {
    return this.inOneMessage(queries);
  }

  /**
   * Rows read by `read`, as entities for the answer: instances of the entity's class that the
   * entity manager does not manage (`rowEntities`: never to be changed and flushed). A
   * many-to-one property is the entity of `related` with that key, else a key-only reference.
   */
  entities<T extends object>(
    entity: EntityName<T>,
    rows: readonly Row[],
    related?: RelatedEntities,
  ): T[] {
    return rowEntities(this.root, entity, rows, related);
  }

  /** One query's rows as entities: `read` and `entities` together. */
  async readEntities<T extends object>(entity: EntityName<T>, query: SqlQuery): Promise<T[]> {
    const [rows] = await this.read([query]);
    return this.entities(entity, rows!);
  }

  /**
   * A change whose statements are all known before it starts (an order's creation: the order,
   * its items, its event), in one round trip as `read` sends its queries: one implicit
   * transaction, so all of it commits or none (PostgreSQL stops at the first error and rolls the
   * message back). Answers each statement's rows (those of a `returning` clause), in order.
   */
  write(statements: readonly SqlQuery[]): Promise<Row[][]> {
    return this.inOneMessage(statements);
  }

  /**
   * A change that must first read, under a lock, what it changes (an order's status: the order
   * and its items), in two round trips where the unit of work takes five or six. The first
   * message begins a transaction, enters the tenant and runs `reads` (a `for update` among them
   * keeps its rows locked until the end); `decide` works out from their rows the statements to
   * write and what to answer, at once (it is synchronous: nothing is awaited while the rows are
   * locked); the second message runs the statements and commits. When `decide` needs more rows
   * first, it answers `ReadMore`: one more message, then `decide` again with every row read so
   * far. A `decide` that throws, or a statement that fails, rolls everything back. Inside a
   * transaction that this database joined (`joining`), all of it runs in that transaction.
   */
  async lockThenWrite<T>(
    reads: readonly SqlQuery[],
    decide: (rows: Row[][]) => Decision<T> | ReadMore,
  ): Promise<T> {
    if (this.inTransaction) {
      return this.transaction(async (em) => {
        const run = (queries: readonly SqlQuery[]) => executeEach(em, queries);
        const { statements, answer } = await decided(await run(reads), decide, run);
        await run(written(statements));
        return answer;
      });
    }
    return this.withConnection(async (send, discard) => {
      try {
        const rows = await send(['begin', this.enterTenant(), ...this.checked(reads)]);
        const { statements, answer } = await decided(rows.slice(2), decide, (more) =>
          send(this.checked(more)),
        );
        await send([...this.checked(written(statements)), 'commit']);
        return answer;
      } catch (error) {
        // PostgreSQL skips what follows a failed statement of a message, `commit` included; the
        // first message may have failed after its `begin`. Outside a transaction, a rollback
        // only warns. A connection that cannot even roll back is in no state to be lent again.
        await send(['rollback']).catch(discard);
        throw error;
      }
    });
  }

  private async inOneMessage(queries: readonly SqlQuery[]): Promise<Row[][]> {
    if (this.inTransaction) {
      return this.transaction((em) => executeEach(em, queries));
    }
    return this.withConnection(async (send) =>
      (await send([this.enterTenant(), ...this.checked(queries)])).slice(1),
    );
  }

  /** The statement entering the tenant: its role and its settings. */
  private enterTenant(): SqlQuery {
    return {
      sql: TENANT_SETTINGS_SQL,
      params: [this.tenant.restaurantId, this.tenant.environment],
    };
  }

  /** `queries`, once each of their values is known to make a literal. */
  private checked(queries: readonly SqlQuery[]): readonly SqlQuery[] {
    for (const { params = [] } of queries) params.forEach(assertLiteral);
    return queries;
  }

  /**
   * Lends `work` one pooled connection, on which `send` runs statements as one simple-protocol
   * message and answers each one's rows; `discard` closes the connection instead of giving it
   * back (the pool then drops it). Statements are prepared on the connection
   * (`PreparedStatements`). One that PostgreSQL cannot prepare, or a connection that lost what
   * was prepared on it, makes the whole of `work` run again, once, with that statement's values
   * written in or the statements prepared again: nothing of the first run was kept, as its
   * transaction failed.
   */
  private async withConnection<T>(work: ConnectionWork<T>): Promise<T> {
    try {
      return await this.onConnection(work);
    } catch (error) {
      if (!isMendedByPreparingAgain(error)) throw error;
      return this.onConnection(work);
    }
  }

  private async onConnection<T>(work: ConnectionWork<T>): Promise<T> {
    const pool = knexClientOf(this.root);
    const connection = await pool.acquireConnection();
    const prepared = preparedOn(connection);
    const quoting = this.root.getPlatform() as unknown as Quoting;
    const send = (statements: readonly (string | SqlQuery)[]) => {
      const message = prepared.message(statements, quoting);
      return new Promise<Row[][]>((resolve, reject) =>
        connection.query(message.text, (error, result) => {
          if (error) {
            message.failed(error);
            return reject(error);
          }
          const answers = (Array.isArray(result) ? result : [result]).map((one) => one.rows);
          resolve(message.answersOf(answers));
        }),
      );
    };
    try {
      return await work(send, () => {
        // What knex marks on a connection that ended or failed: its pool validates a connection
        // with it before lending it, and destroys it instead.
        Object.assign(connection, { __knex__disposed: 'its transaction could not be rolled back' });
        connection.end();
      });
    } finally {
      await pool.releaseConnection(connection);
    }
  }

  /** Runs `work` in one transaction confined to the tenant: all of it commits, or none. */
  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.em.transactional(async (em) => {
      await em.execute(ENTER_TENANT, [this.tenant.restaurantId, this.tenant.environment]);
      return work(em);
    });
  }
}
