import { Order } from '../../subgraphs/orders/src/entities/order.entity';
import { TenantDatabase } from '../../platform/src/tenancy/tenant-database';
import type { Tenant } from '../../platform/src/tenancy/tenant';
import {
  SPEC_ORDER,
  bootTestPlatform,
  type TestPlatform,
  type TestTenant,
} from '../support/test-platform';

/**
 * PostgreSQL itself keeps tenants apart: inside a tenant transaction, SQL that names no tenant
 * at all — raw queries, MikroORM with its tenant filter switched off — sees, changes and
 * creates nothing of another restaurant or environment.
 */
let platform: TestPlatform;
let mine: TestTenant;
let neighbour: TestTenant;
let otherEnvironment: TestTenant;
let neighbourOrderId: string;

const tenantOf = (t: TestTenant): Tenant => ({
  restaurantId: t.restaurantId,
  environment: t.environment,
});
const ordersDb = (t: TestTenant) =>
  new TenantDatabase(platform.platform.orms.orders!.em, tenantOf(t));
const menuDb = (t: TestTenant) => new TenantDatabase(platform.platform.orms.menu!.em, tenantOf(t));

beforeAll(async () => {
  platform = await bootTestPlatform();
  mine = await platform.tenant();
  neighbour = await platform.tenant();
  otherEnvironment = await platform.tenant({
    restaurantId: mine.restaurantId,
    environment: 'staging',
  });
  for (const tenant of [mine, neighbour, otherEnvironment]) {
    expect((await tenant.rest('POST', '/orders', SPEC_ORDER)).status).toBe(201);
  }
  neighbourOrderId = (await neighbour.rest('GET', '/orders')).body.data[0].order_id;
});

afterAll(() => platform?.stop());

describe('row-level security on tenant tables', () => {
  it('the service user sees every tenant: the rows this test relies on exist', async () => {
    const rows = await platform.platform.orms
      .orders!.em.getConnection()
      .execute(
        `select distinct restaurant_id, environment from "orders"."orders" where restaurant_id in (?, ?)`,
        [mine.restaurantId, neighbour.restaurantId],
      );
    expect(rows).toHaveLength(3);
  });

  it.each([
    ['orders.orders', `select restaurant_id, environment from "orders"."orders"`],
    ['orders.order_items', `select restaurant_id, environment from "orders"."order_items"`],
    ['menu.menu_items', `select restaurant_id, environment from "menu"."menu_items"`],
  ])(
    'a raw select * of %s without a where clause returns only the tenant’s rows',
    async (table, sql) => {
      const db = table.startsWith('menu') ? menuDb(mine) : ordersDb(mine);
      const rows: Tenant[] = await db.transaction((em) => em.execute(sql));
      expect(rows.length).toBeGreaterThan(0);
      const seen = new Set(rows.map((row: any) => `${row.restaurant_id}/${row.environment}`));
      expect([...seen]).toEqual([`${mine.restaurantId}/sandbox`]);
    },
  );

  it('MikroORM with its tenant filter switched off still finds nothing of another tenant', async () => {
    const found = await ordersDb(mine).transaction((em) =>
      em.find(Order, { id: neighbourOrderId }, { filters: false }),
    );
    expect(found).toEqual([]);
    const all = await ordersDb(mine).transaction((em) => em.find(Order, {}, { filters: false }));
    expect(
      all.every(
        (order) => order.restaurantId === mine.restaurantId && order.environment === 'sandbox',
      ),
    ).toBe(true);
  });

  it('raw updates and deletes of another tenant’s rows touch nothing', async () => {
    const before = (await neighbour.rest('GET', `/orders/${neighbourOrderId}`)).body;
    await ordersDb(mine).transaction(async (em) => {
      await em.execute(`update "orders"."orders" set "status" = 'cancelled' where "id" = ?`, [
        neighbourOrderId,
      ]);
      await em.execute(`delete from "orders"."order_items" where "order_id" = ?`, [
        neighbourOrderId,
      ]);
    });
    expect((await neighbour.rest('GET', `/orders/${neighbourOrderId}`)).body).toEqual(before);
  });

  it('a row written for another tenant is refused by PostgreSQL, and the transaction leaves nothing', async () => {
    const attempt = ordersDb(mine).transaction((em) =>
      em.execute(
        `insert into "orders"."orders" ("id", "restaurant_id", "environment", "status", "subtotal_cents",
           "tax_cents", "total_cents", "currency", "version", "created_at", "updated_at")
         values ('ord_rls_probe', ?, 'sandbox', 'created', 0, 0, 0, 'EUR', 1, now(), now())`,
        [neighbour.restaurantId],
      ),
    );
    await expect(attempt).rejects.toThrow(/row-level security/);
    const rows = await platform.platform.orms
      .orders!.em.getConnection()
      .execute(`select 1 from "orders"."orders" where "id" = 'ord_rls_probe'`);
    expect(rows).toEqual([]);
  });

  it('an event cannot be appended for another tenant', async () => {
    const attempt = ordersDb(mine).transaction((em) =>
      em.execute(
        `insert into "events"."event_log" ("id", "type", "restaurant_id", "environment", "aggregate_type", "aggregate_id", "payload")
         values ('evt_rls_probe', 'order.created', ?, 'sandbox', 'order', 'ord_x', '{}')`,
        [neighbour.restaurantId],
      ),
    );
    await expect(attempt).rejects.toThrow(/row-level security/);
  });

  it('the same restaurant in another environment is another tenant', async () => {
    const rows = await ordersDb(otherEnvironment).transaction((em) =>
      em.execute(`select distinct environment from "orders"."orders" where restaurant_id = ?`, [
        mine.restaurantId,
      ]),
    );
    expect(rows).toEqual([{ environment: 'staging' }]);
  });
});

/**
 * The hot reads (`TenantDatabase.read`) skip the explicit transaction but not the confinement:
 * the tenant's settings travel in the same message, which PostgreSQL runs as one transaction.
 */
describe('one-round-trip reads', () => {
  it('a select * without a where clause returns only the tenant’s rows, in each query', async () => {
    const [orders, items] = await ordersDb(mine).read([
      { sql: `select restaurant_id, environment from "orders"."orders"` },
      { sql: `select restaurant_id, environment from "orders"."order_items"` },
    ]);
    for (const rows of [orders!, items!]) {
      expect(rows.length).toBeGreaterThan(0);
      expect(new Set(rows.map((row) => `${row.restaurant_id}/${row.environment}`))).toEqual(
        new Set([`${mine.restaurantId}/sandbox`]),
      );
    }
  });

  it('leaves neither the role nor the tenant on the pooled connection', async () => {
    const em = platform.platform.orms.orders!.em;
    // More reads than the pool has connections, so that the next query reuses one of them.
    await Promise.all(Array.from({ length: 8 }, () => ordersDb(mine).read([{ sql: 'select 1' }])));
    const [after] = await em
      .getConnection()
      .execute(
        `select current_user as role, current_setting('sotto.restaurant_id', true) as restaurant`,
      );
    expect(after.role).not.toBe('sotto_tenant');
    expect(after.restaurant ?? '').toBe('');
  });

  it('quotes values: a value cannot widen the query, end it or reach another tenant', async () => {
    const answers = await ordersDb(mine).read([
      {
        sql: `select id from "orders"."orders" where id in (?)`,
        params: [[neighbourOrderId, `x') or true or id in ('`, `x'); select 1; --`]],
      },
    ]);
    expect(answers).toEqual([[]]);
  });

  it('refuses a value that would not be written as a literal, before sending anything', async () => {
    for (const value of [{ id: 1 }, undefined, Number.NaN]) {
      await expect(
        ordersDb(mine).read([{ sql: 'select ? as v', params: [value as never] }]),
      ).rejects.toThrow(TypeError);
    }
  });

  it('a write commits all of its statements or none, and cannot write for another tenant', async () => {
    const insert = (id: string, restaurantId: string) => ({
      sql: `insert into "orders"."orders" ("id", "restaurant_id", "environment", "status",
              "subtotal_cents", "tax_cents", "total_cents", "currency", "version", "created_at",
              "updated_at")
            values (?, ?, 'sandbox', 'created', 0, 0, 0, 'EUR', 1, now(), now())`,
      params: [id, restaurantId],
    });
    const count = async (id: string) =>
      (
        await platform.platform.orms
          .orders!.em.getConnection()
          .execute(`select count(*)::int as n from "orders"."orders" where id = ?`, [id])
      )[0].n;
    await expect(
      ordersDb(mine).write([
        insert('ord_write_probe_1', mine.restaurantId),
        { sql: 'select 1 / 0' },
      ]),
    ).rejects.toThrow(/division by zero/);
    expect(await count('ord_write_probe_1')).toBe(0);
    await expect(
      ordersDb(mine).write([insert('ord_write_probe_2', neighbour.restaurantId)]),
    ).rejects.toThrow(/row-level security/);
    expect(await count('ord_write_probe_2')).toBe(0);
  });

  it('an error in one query fails the read, and the pool goes on serving', async () => {
    await expect(
      ordersDb(mine).read([{ sql: 'select 1' }, { sql: 'select 1 / 0' }]),
    ).rejects.toThrow(/division by zero/);
    const [rows] = await ordersDb(mine).read([
      { sql: `select count(*)::int as n from "orders"."orders"` },
    ]);
    expect(rows![0]!.n).toBeGreaterThan(0);
  });

  it('inside a transaction it joined, a read sees that transaction’s uncommitted rows', async () => {
    const root = platform.platform.orms.orders!.em.fork();
    const seen = await root
      .transactional(async (em) => {
        const db = TenantDatabase.joining(em, tenantOf(mine));
        await db.transaction((tx) =>
          tx.execute(`update "orders"."orders" set table_id = 'joined-probe'`),
        );
        const [rows] = await db.read([
          {
            sql: `select count(*)::int as n from "orders"."orders" where table_id = ?`,
            params: ['joined-probe'],
          },
        ]);
        throw Object.assign(new Error('roll back'), { seen: rows![0]!.n });
      })
      .catch((error: { seen?: number }) => error.seen);
    expect(seen).toBeGreaterThan(0);
    const [after] = await ordersDb(mine).read([
      { sql: `select count(*)::int as n from "orders"."orders" where table_id = 'joined-probe'` },
    ]);
    expect(after![0]!.n).toBe(0);
  });
});

describe('changes read under a lock, then written (two round trips)', () => {
  const lockMine = (id: string) => ({
    sql: `select id, table_id from "orders"."orders" where id = ? for update`,
    params: [id],
  });
  const tableOf = async (id: string) =>
    (
      await platform.platform.orms
        .orders!.em.getConnection()
        .execute(`select table_id from "orders"."orders" where id = ?`, [id])
    )[0]?.table_id;
  const myOrderId = async () => (await mine.rest('GET', '/orders')).body.data[0].order_id as string;

  it('reads under the tenant, writes what was decided from the rows, and commits', async () => {
    const id = await myOrderId();
    const answer = await ordersDb(mine).lockThenWrite([lockMine(id)], ([rows]) => ({
      statements: [
        { sql: `update "orders"."orders" set table_id = ? where id = ?`, params: ['T-lock', id] },
      ],
      answer: rows!.map((row) => row.id),
    }));
    expect(answer).toEqual([id]);
    expect(await tableOf(id)).toBe('T-lock');
  });

  it('reads more when the decision asks, in the same transaction and under the tenant', async () => {
    const id = await myOrderId();
    const transaction = { sql: 'select pg_current_xact_id()::text as id' };
    const reads: unknown[][] = [];
    const answer = await ordersDb(mine).lockThenWrite([transaction, lockMine(id)], (rows) => {
      reads.push(rows.map((one) => one.map((row) => row.id)));
      if (rows.length === 2) return { reads: [transaction, lockMine(neighbourOrderId)] };
      return {
        statements: [
          { sql: `update "orders"."orders" set table_id = 'T-more' where id = ?`, params: [id] },
        ],
        answer: 'written',
      };
    });
    expect(answer).toBe('written');
    // Decided twice: on the first message's rows, then on those and the second's.
    expect(reads).toHaveLength(2);
    const [first, [tx, mineLocked, tx2, neighbour]] = reads as [unknown[], unknown[][]];
    expect(first).toEqual([tx, mineLocked]);
    expect(mineLocked).toEqual([id]);
    expect(tx2).toEqual(tx);
    expect(neighbour).toEqual([]);
    expect(await tableOf(id)).toBe('T-more');
  });

  it('sees nothing of another tenant, and cannot write for it', async () => {
    const seen = await ordersDb(mine).lockThenWrite([lockMine(neighbourOrderId)], ([rows]) => ({
      statements: [],
      answer: rows!.length,
    }));
    expect(seen).toBe(0);
    const before = await tableOf(neighbourOrderId);
    await ordersDb(mine).lockThenWrite([], () => ({
      statements: [
        {
          sql: `update "orders"."orders" set table_id = 'T-stolen' where id = ?`,
          params: [neighbourOrderId],
        },
      ],
      answer: null,
    }));
    expect(await tableOf(neighbourOrderId)).toBe(before);
  });

  it('a decision that throws, or a statement that fails, writes nothing and releases the lock', async () => {
    const id = await myOrderId();
    const before = await tableOf(id);
    await expect(
      ordersDb(mine).lockThenWrite([lockMine(id)], () => {
        throw new Error('refused by the rule');
      }),
    ).rejects.toThrow('refused by the rule');
    await expect(
      ordersDb(mine).lockThenWrite([lockMine(id)], () => ({
        statements: [
          { sql: `update "orders"."orders" set table_id = 'T-half' where id = ?`, params: [id] },
          { sql: 'select 1 / 0' },
        ],
        answer: null,
      })),
    ).rejects.toThrow(/division by zero/);
    expect(await tableOf(id)).toBe(before);
    // The lock went with the rollback: another transaction takes it at once.
    const locked = await platform.platform.orms.orders!.em.fork().transactional(async (em) => {
      await em.execute(`set local lock_timeout = '1s'`);
      return em.execute(`select id from "orders"."orders" where id = ? for update`, [id]);
    });
    expect(locked).toHaveLength(1);
  });

  it('a failure in the reads rolls back too, and leaves every pooled connection clean', async () => {
    await expect(
      ordersDb(mine).lockThenWrite([{ sql: 'select 1 / 0' }], () => ({
        statements: [],
        answer: null,
      })),
    ).rejects.toThrow(/division by zero/);
    // More changes than the pool has connections, each failing after its `begin`.
    await Promise.all(
      Array.from({ length: 6 }, () =>
        ordersDb(mine)
          .lockThenWrite([{ sql: 'select 1' }], () => {
            throw new Error('no');
          })
          .catch(() => undefined),
      ),
    );
    const em = platform.platform.orms.orders!.em;
    const states = await Promise.all(
      Array.from({ length: 4 }, () =>
        em.getConnection().execute(
          `select current_user as role, current_setting('sotto.restaurant_id', true) as restaurant,
                    now() = statement_timestamp() as outside_transaction`,
        ),
      ),
    );
    for (const [state] of states) {
      expect(state.role).not.toBe('sotto_tenant');
      expect(state.restaurant ?? '').toBe('');
      expect(state.outside_transaction).toBe(true);
    }
  });

  it('inside a transaction it joined, it reads and writes in that transaction', async () => {
    const id = await myOrderId();
    const before = await tableOf(id);
    const seen = await platform.platform.orms
      .orders!.em.fork()
      .transactional(async (em) => {
        const db = TenantDatabase.joining(em, tenantOf(mine));
        await db.lockThenWrite([], () => ({
          statements: [
            {
              sql: `update "orders"."orders" set table_id = 'T-joined' where id = ?`,
              params: [id],
            },
          ],
          answer: null,
        }));
        const [rows] = await db.read([
          { sql: `select table_id from "orders"."orders" where id = ?`, params: [id] },
        ]);
        throw Object.assign(new Error('roll back'), { seen: rows![0]!.table_id });
      })
      .catch((error: { seen?: string }) => error.seen);
    expect(seen).toBe('T-joined');
    expect(await tableOf(id)).toBe(before);
  });
});
