import { OrderItem } from '../../subgraphs/orders/src/entities/order-item.entity';
import { Order } from '../../subgraphs/orders/src/entities/order.entity';
import { columnValues, deleteStatement, updateStatement } from '../src/database/entity-statements';
import { OWN_ROWS, TenantDatabase } from '../src/tenancy/tenant-database';
import {
  SPEC_ORDER,
  bootTestPlatform,
  type TestPlatform,
  type TestTenant,
} from '../../test/support/test-platform';

/**
 * Changes written without the unit of work (`updateStatement`, `deleteStatement`): only the
 * columns that changed since the entity was read, converted as MikroORM's flush converts them.
 */
let platform: TestPlatform;
let tenant: TestTenant;
let orderId: string;

beforeAll(async () => {
  platform = await bootTestPlatform();
  tenant = await platform.tenant();
  const created = await tenant.rest('POST', '/orders', SPEC_ORDER);
  expect(created.status).toBe(201);
  orderId = created.body.order_id;
});

afterAll(() => platform?.stop());

const db = () =>
  new TenantDatabase(platform.platform.orms.orders!.em, {
    restaurantId: tenant.restaurantId,
    environment: tenant.environment,
  });

/** The order and its items as read rows, entities the unit of work does not manage. */
async function readOrder() {
  const [orderRows, itemRows] = await db().read([
    { sql: `select * from orders.orders where ${OWN_ROWS} and id = ?`, params: [orderId] },
    {
      sql: `select * from orders.order_items where ${OWN_ROWS} and order_id = ? order by position`,
      params: [orderId],
    },
  ]);
  const [order] = db().entities(Order, orderRows!);
  const items = db().entities(OrderItem, itemRows!, { order: [order!] });
  return { order: order!, items };
}

it('an entity read and left as it was needs no statement: dates, JSON and big integers compare equal', async () => {
  const { em } = db();
  const { order, items } = await readOrder();
  for (const entity of [order, ...items]) {
    expect(updateStatement(em, entity, columnValues(em, entity))).toBeNull();
  }
  expect(items[0]!.modifiers).toEqual(expect.any(Array));
});

it('sets only the columns that changed, by primary key, and writes what a read gives back', async () => {
  const { em } = db();
  const { order, items } = await readOrder();
  const [item] = items;
  const before = columnValues(em, item!);
  const orderBefore = columnValues(em, order);
  item!.status = 'preparing';
  (item as { modifiers: string[] }).modifiers = ['no-onions'];
  order.tableId = 'T-statements';
  const itemUpdate = updateStatement(em, item!, before)!;
  const orderUpdate = updateStatement(em, order, orderBefore)!;
  expect(itemUpdate.sql).toBe(
    'update "orders"."order_items" set "modifiers" = ?, "status" = ? where "id" = ?',
  );
  expect(itemUpdate.params).toEqual(['["no-onions"]', 'preparing', item!.id]);
  expect(orderUpdate.sql).toBe('update "orders"."orders" set "table_id" = ? where "id" = ?');
  await db().write([itemUpdate, orderUpdate]);
  const after = await readOrder();
  expect(after.order.tableId).toBe('T-statements');
  expect(after.items[0]!.status).toBe('preparing');
  expect(after.items[0]!.modifiers).toEqual(['no-onions']);
  expect(after.items[1]!.status).toBe('pending');
});

it('deletes entities of one class by their keys, and nothing when there are none', async () => {
  const { em } = db();
  const { items } = await readOrder();
  expect(deleteStatement(em, [])).toBeNull();
  const statement = deleteStatement(em, [items[1]!])!;
  expect(statement.sql).toBe('delete from "orders"."order_items" where "id" in (?)');
  await db().write([statement]);
  expect((await readOrder()).items.map((item) => item.id)).toEqual([items[0]!.id]);
});
