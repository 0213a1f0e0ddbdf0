import { Collection, type EntityName, type MikroORM } from '@mikro-orm/postgresql';
import { InventoryItem } from '../../subgraphs/inventory/src/entities/inventory-item.entity';
import { RecipeLine } from '../../subgraphs/inventory/src/entities/recipe-line.entity';
import { StockMovement } from '../../subgraphs/inventory/src/entities/stock-movement.entity';
import { MenuItem } from '../../subgraphs/menu/src/entities/menu-item.entity';
import { OrderItem } from '../../subgraphs/orders/src/entities/order-item.entity';
import { Order } from '../../subgraphs/orders/src/entities/order.entity';
import { Payment } from '../../subgraphs/payments/src/entities/payment.entity';
import { Refund } from '../../subgraphs/payments/src/entities/refund.entity';
import { Reservation } from '../../subgraphs/reservations/src/entities/reservation.entity';
import { TableHold } from '../../subgraphs/reservations/src/entities/table-hold.entity';
import { at, fridayAhead } from '../../subgraphs/reservations/test/floor';
import { ordersFromRows, ordersWithItems } from '../../subgraphs/orders/src/order-rows';
import { columnValues, deleteStatement, updateStatement } from '../src/database/entity-statements';
import { fillCollection } from '../src/database/row-entities';
import { OWN_ROWS, TenantDatabase, type Row } from '../src/tenancy/tenant-database';
import {
  SPEC_ORDER,
  bootTestPlatform,
  type TestPlatform,
  type TestTenant,
} from '../../test/support/test-platform';

/**
 * The hot reads map rows to entities without MikroORM's unit of work (`rowEntities`); what a
 * resolver then reads must be what `em.map` would have given, for every entity read so. The
 * changes made to such entities are written back by `entity-statements` (last block).
 */
let platform: TestPlatform;
let tenant: TestTenant;
let orderId: string;

beforeAll(async () => {
  platform = await bootTestPlatform();
  tenant = await platform.tenant({ stock: true });
  const created = await tenant.rest('POST', '/orders', SPEC_ORDER);
  expect(created.status).toBe(201);
  orderId = created.body.order_id;
  const paid = await tenant.rest('POST', '/payments', {
    order_id: orderId,
    method: 'cash',
    amount: '5.00',
  });
  expect(paid.status).toBe(201);
  const refunded = await tenant.rest('POST', `/payments/${paid.body.payment_id}/refund`, {
    amount: 1,
    reason: 'café offert',
  });
  expect(refunded.status).toBe(201);
  const booked = await tenant.rest('POST', '/reservations', {
    customer_name: 'Camille Martin',
    party_size: 2,
    start_time: at(fridayAhead(2), '12:30'),
  });
  expect(booked.status).toBe(201);
});

afterAll(() => platform?.stop());

type Service = 'orders' | 'menu' | 'inventory' | 'payments' | 'reservations';
const ormOf = (name: Service): MikroORM => platform.platform.orms[name]!;
const dbOf = (name: Service) =>
  new TenantDatabase(ormOf(name).em, {
    restaurantId: tenant.restaurantId,
    environment: tenant.environment,
  });

async function rowsOf(service: Service, table: string): Promise<Row[]> {
  const [rows] = await dbOf(service).read([
    { sql: `select * from ${service}.${table} where ${OWN_ROWS}` },
  ]);
  expect(rows!.length).toBeGreaterThan(0);
  return rows!;
}

/** Each persisted property as `em.map` gives it, and as the hot read gives it. */
function expectSameAsEmMap<T extends object>(
  service: Service,
  entity: EntityName<T>,
  rows: Row[],
  mapped: T[],
) {
  const em = ormOf(service).em.fork();
  const meta = em.getMetadata().get(typeof entity === 'string' ? entity : entity.name);
  rows.forEach((row, index) => {
    const reference = em.map(entity, row as never) as Record<string, unknown>;
    const ours = mapped[index] as Record<string, unknown>;
    expect(ours).toBeInstanceOf(meta.class);
    for (const prop of meta.props) {
      if (prop.kind === 'scalar') {
        expect([prop.name, ours[prop.name]]).toEqual([prop.name, reference[prop.name]]);
        if (reference[prop.name] instanceof Date) expect(ours[prop.name]).toBeInstanceOf(Date);
      } else if (prop.kind === 'm:1') {
        const key = prop.targetMeta!.primaryKeys[0]!;
        const theirs = reference[prop.name] as Record<string, unknown>;
        expect((ours[prop.name] as Record<string, unknown>)[key]).toBe(theirs[key]);
      }
    }
  });
}

describe('rows mapped to entities for answers', () => {
  it('give every entity read so the values em.map gives', async () => {
    const cases: [Service, string, EntityName<object>][] = [
      ['orders', 'orders', Order],
      ['orders', 'order_items', OrderItem],
      ['menu', 'menu_items', MenuItem],
      ['inventory', 'inventory_items', InventoryItem],
      ['inventory', 'recipe_lines', RecipeLine],
      ['inventory', 'stock_movements', StockMovement],
      ['payments', 'payments', Payment],
      ['payments', 'refunds', Refund],
      ['reservations', 'reservations', Reservation],
      ['reservations', 'table_holds', TableHold],
    ];
    for (const [service, table, entity] of cases) {
      const rows = await rowsOf(service, table);
      expectSameAsEmMap(service, entity, rows, dbOf(service).entities(entity, rows));
    }
  });

  it('point a many-to-one at the related entity given, else at a reference holding its key', async () => {
    const db = dbOf('inventory');
    const items = db.entities(InventoryItem, await rowsOf('inventory', 'inventory_items'));
    const rows = await rowsOf('inventory', 'recipe_lines');
    for (const line of db.entities(RecipeLine, rows, { item: items })) {
      expect(items).toContain(line.item);
      expect(line.item.name).toEqual(expect.any(String));
    }
    for (const line of db.entities(RecipeLine, rows)) {
      expect(line.item).toBeInstanceOf(InventoryItem);
      expect(Object.keys(line.item)).toEqual(['id']);
    }
  });

  it('answer entities whose class works: methods, getters, a collection to fill', async () => {
    const db = dbOf('orders');
    const [orderRows, itemRows] = await db.read([
      { sql: `select * from orders.orders where ${OWN_ROWS} and id = ?`, params: [orderId] },
      {
        sql: `select * from orders.order_items where order_id = ? order by position`,
        params: [orderId],
      },
    ]);
    const [order] = db.entities(Order, orderRows!);
    expect(order!.tenant()).toEqual({
      restaurantId: tenant.restaurantId,
      environment: tenant.environment,
    });
    expect(order!.items).toBeInstanceOf(Collection);
    expect(order!.items.isInitialized()).toBe(false);

    const items = db.entities(OrderItem, itemRows!, { order: [order!] });
    fillCollection(order!, 'items', items);
    expect(order!.items.isInitialized()).toBe(true);
    expect(order!.items.getItems()).toEqual(items);
    expect(order!.items).toHaveLength(2);
    expect(items.map((item) => item.order)).toEqual(items.map(() => order));
    expect(items.map((item) => item.lineTotalCents())).toEqual(
      items.map((item) => item.quantity * item.unitPriceCents),
    );
    expect(order!.totalCents).toBe(1870);
    // Filled without MikroORM's helper, which `Collection.hydrate` put on the owner and each item.
    const wrapped = (entity: object) => Object.prototype.hasOwnProperty.call(entity, '__helper');
    expect([order!, ...items].filter(wrapped)).toEqual([]);
  });

  it('change a filled collection as MikroORM changes any: added items point to their owner, removed ones leave', async () => {
    const db = dbOf('orders');
    const [order] = ordersFromRows(
      db,
      await db.read(ordersWithItems(`${OWN_ROWS} and id = ?`, [orderId])),
    );
    const [burger, fries] = order!.items.getItems();
    const extra = Object.assign(Object.create(OrderItem.prototype) as OrderItem, {
      id: 'itm_extra',
      position: 2,
    });
    order!.items.add(extra);
    expect(order!.items.getItems()).toEqual([burger, fries, extra]);
    expect(extra.order).toBe(order);
    expect(order!.nextPosition()).toBe(3);
    order!.items.removeAll();
    expect(order!.items.getItems()).toEqual([]);
    expect(order!.items.isInitialized()).toBe(true);
  });

  it('are not managed: a flush of the entity manager that mapped them writes nothing', async () => {
    const em = ormOf('orders').em.fork();
    const db = new TenantDatabase(em, {
      restaurantId: tenant.restaurantId,
      environment: tenant.environment,
    });
    const [rows] = await db.read([
      { sql: `select * from orders.orders where ${OWN_ROWS} and id = ?`, params: [orderId] },
    ]);
    const [order] = db.entities(Order, rows!);
    order!.status = 'cancelled';
    expect(em.getUnitOfWork().getIdentityMap().values()).toHaveLength(0);
    await em.flush();
    const again = await tenant.rest('GET', `/orders/${orderId}`, undefined, {
      'cache-control': 'no-cache',
    });
    expect(again.body.status).toBe('created');
  });
});

/**
 * Changes written without the unit of work (`updateStatement`, `deleteStatement`): only the
 * columns that changed since the entities were read, converted as MikroORM's flush converts them.
 */
describe('rows changed as entities, written back', () => {
  let changedId: string;

  beforeAll(async () => {
    const created = await tenant.rest('POST', '/orders', SPEC_ORDER);
    expect(created.status).toBe(201);
    changedId = created.body.order_id;
  });

  /** The order and its items as `changeOrder` reads them. */
  async function readOrder() {
    const db = dbOf('orders');
    const [order] = ordersFromRows(
      db,
      await db.read(ordersWithItems(`${OWN_ROWS} and id = ?`, [changedId])),
    );
    return { order: order!, items: [...order!.items.getItems()] };
  }

  it('an entity read and left as it was needs no statement: dates, JSON and big integers compare equal', async () => {
    const { em } = dbOf('orders');
    const { order, items } = await readOrder();
    expect(items).toHaveLength(2);
    for (const entity of [order, ...items]) {
      expect(updateStatement(em, entity, columnValues(em, entity))).toBeNull();
    }
  });

  it('sets only the columns that changed, by primary key, and writes what a read gives back', async () => {
    const { em } = dbOf('orders');
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
    await dbOf('orders').write([itemUpdate, orderUpdate]);
    const after = await readOrder();
    expect(after.order.tableId).toBe('T-statements');
    expect(after.items[0]!.status).toBe('preparing');
    expect(after.items[0]!.modifiers).toEqual(['no-onions']);
    expect(after.items[1]!.status).toBe('pending');
  });

  it('deletes entities of one class by their keys, and nothing when there are none', async () => {
    const { em } = dbOf('orders');
    const { items } = await readOrder();
    expect(deleteStatement(em, [])).toBeNull();
    const statement = deleteStatement(em, [items[1]!])!;
    expect(statement.sql).toBe('delete from "orders"."order_items" where "id" in (?)');
    await dbOf('orders').write([statement]);
    expect((await readOrder()).items.map((item) => item.id)).toEqual([items[0]!.id]);
  });
});
