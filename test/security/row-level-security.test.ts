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
