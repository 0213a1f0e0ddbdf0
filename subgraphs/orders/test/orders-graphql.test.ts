import { Pool } from 'pg';
import { settledEvents } from '../../../test/support/settled-events';
import { MenuService } from '../../menu/src/menu.service';
import {
  bootTestPlatform,
  SPEC_ORDER,
  testDatabaseUrl,
  type TestPlatform,
  type TestTenant,
} from '../../../test/support/test-platform';

let platform: TestPlatform;
let tenant: TestTenant;
let pool: Pool;

beforeAll(async () => {
  platform = await bootTestPlatform();
  tenant = await platform.tenant();
  pool = new Pool({ connectionString: testDatabaseUrl(), max: 1 });
});
afterAll(async () => {
  await pool?.end();
  await platform?.stop();
});

const CREATE = `mutation($input: CreateOrderInput!) {
  createOrder(input: $input) {
    id status tableId serverId version createdAt
    items { id menuItemId name quantity unitPrice { amount cents currency } modifiers notes status station
            menuItem { id name price { amount } taxRate available } }
    subtotal { amount cents } tax { amount cents } total { amount cents currency }
  }
}`;

const specInput = {
  tableId: '12',
  serverId: 'server_3429',
  items: [
    {
      menuItemId: 'burger_1',
      quantity: 1,
      modifiers: ['no_onions', 'medium_rare'],
      notes: 'Sauce à part',
    },
    { menuItemId: 'fries_regular', quantity: 1 },
  ],
};

describe('orders over GraphQL', () => {
  it("creates the spec's order, with menu items resolved through the menu subgraph", async () => {
    const answer = await tenant.graphql(CREATE, { input: specInput });
    expect(answer.body.errors).toBeUndefined();
    const order = answer.body.data.createOrder;
    expect(order).toMatchObject({
      status: 'CREATED',
      tableId: '12',
      serverId: 'server_3429',
      version: 1,
      subtotal: { amount: 17, cents: 1700 },
      tax: { amount: 1.7, cents: 170 },
      total: { amount: 18.7, cents: 1870, currency: 'EUR' },
    });
    expect(order.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(order.items[0]).toMatchObject({
      menuItemId: 'burger_1',
      name: 'Burger Classique',
      unitPrice: { amount: 12.5, cents: 1250, currency: 'EUR' },
      modifiers: ['no_onions', 'medium_rare'],
      notes: 'Sauce à part',
      status: 'PENDING',
      station: 'grill',
      menuItem: {
        id: 'burger_1',
        name: 'Burger Classique',
        price: { amount: 12.5 },
        taxRate: 0.1,
        available: true,
      },
    });
    expect(order.items[1]).toMatchObject({
      notes: '',
      modifiers: [],
      menuItem: { id: 'fries_regular' },
    });
  });

  it('resolves the menu items of an order in one batch: one menu query, whatever the number of items', async () => {
    const created = await tenant.graphql(CREATE, {
      input: {
        items: ['burger_1', 'fries_regular', 'creme_brulee', 'cafe', 'burger_1'].map(
          (menuItemId) => ({ menuItemId, quantity: 1 }),
        ),
      },
    });
    const id = created.body.data.createOrder.id;
    const spy = jest.spyOn(MenuService.prototype, 'findManyByCode');
    try {
      const answer = await tenant.graphql(
        `query($id: ID!) { order(id: $id) { items { menuItem { name station } } } }`,
        { id },
      );
      expect(
        answer.body.data.order.items.map((i: { menuItem: { name: string } }) => i.menuItem.name),
      ).toEqual(['Burger Classique', 'Frites Maison', 'Crème brûlée', 'Café', 'Burger Classique']);
      expect(spy).toHaveBeenCalledTimes(1);
      expect([...spy.mock.calls[0]![0]].sort()).toEqual([
        'burger_1',
        'cafe',
        'creme_brulee',
        'fries_regular',
      ]);
    } finally {
      spy.mockRestore();
    }
  });

  it('reports domain errors with their code and details, and writes nothing', async () => {
    const before = (
      await settledEvents(pool, { restaurantId: tenant.restaurantId, environment: 'sandbox' })
    ).length;
    const answer = await tenant.graphql(CREATE, {
      input: { items: [{ menuItemId: 'caviar', quantity: 1 }] },
    });
    expect(answer.body.data).toBeNull();
    expect(answer.body.errors[0]).toMatchObject({
      message: 'Unknown menu item',
      extensions: {
        code: 'UNKNOWN_MENU_ITEM',
        details: [{ field: 'items[0].menu_item_id', message: expect.any(String) }],
      },
    });
    const zero = await tenant.graphql(CREATE, {
      input: { items: [{ menuItemId: 'burger_1', quantity: 0 }] },
    });
    expect(zero.body.errors[0].extensions.code).toBe('INVALID_QUANTITY');
    const after = (
      await settledEvents(pool, { restaurantId: tenant.restaurantId, environment: 'sandbox' })
    ).length;
    expect(after).toBe(before);
  });

  it('moves an order and its items, and pages through orders', async () => {
    const own = await platform.tenant();
    const created = (await own.graphql(CREATE, { input: specInput })).body.data.createOrder;
    const itemId = created.items[0].id;
    const item = await own.graphql(
      `mutation($o: ID!, $i: ID!) { changeOrderItemStatus(orderId: $o, itemId: $i, status: PREPARING) { version items { status } } }`,
      { o: created.id, i: itemId },
    );
    expect(item.body.data.changeOrderItemStatus).toEqual({
      version: 2,
      items: [{ status: 'PREPARING' }, { status: 'PENDING' }],
    });
    const moved = await own.graphql(
      `mutation($id: ID!) { changeOrderStatus(id: $id, status: IN_PROGRESS, expectedVersion: 2) { status version } }`,
      { id: created.id },
    );
    expect(moved.body.data.changeOrderStatus).toEqual({ status: 'IN_PROGRESS', version: 3 });
    const stale = await own.graphql(
      `mutation($id: ID!) { changeOrderStatus(id: $id, status: READY, expectedVersion: 2) { status } }`,
      {
        id: created.id,
      },
    );
    expect(stale.body.errors[0].extensions.code).toBe('STALE_VERSION');
    const illegal = await own.graphql(
      `mutation($id: ID!) { changeOrderStatus(id: $id, status: CLOSED) { status } }`,
      { id: created.id },
    );
    expect(illegal.body.errors[0].extensions).toMatchObject({
      code: 'ILLEGAL_TRANSITION',
      details: { from: 'in_progress', to: 'closed' },
    });

    await own.graphql(CREATE, { input: specInput });
    const page = await own.graphql(
      `{ orders(first: 1) { nodes { id } edges { cursor } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(page.body.data.orders).toEqual({
      nodes: [{ id: created.id }],
      edges: [{ cursor: created.id }],
      pageInfo: { hasNextPage: true, endCursor: created.id },
    });
    const inProgress = await own.graphql(`{ orders(status: [IN_PROGRESS]) { nodes { id } } }`);
    expect(inProgress.body.data.orders.nodes).toEqual([{ id: created.id }]);
  });

  it('appends order.created, order.updated and order.status_changed in the transactions of the changes', async () => {
    const own = await platform.tenant();
    const scope = { restaurantId: own.restaurantId, environment: 'sandbox' as const };
    const order = (await own.rest('POST', '/orders', SPEC_ORDER)).body;
    await own.rest('POST', `/orders/${order.order_id}/items`, {
      items: [{ menu_item_id: 'cafe', quantity: 2 }],
    });
    await own.rest('PATCH', `/orders/${order.order_id}/status`, { status: 'in_progress' });
    await own.rest('PATCH', `/orders/${order.order_id}/status`, { status: 'closed' }); // refused: nothing appended
    const events = await settledEvents(pool, scope);
    expect(events.map((e) => e.type)).toEqual([
      'order.created',
      'order.updated',
      'order.status_changed',
    ]);
    expect(events.every((e) => e.aggregateId === order.order_id)).toBe(true);
    expect(events[0]!.payload).toMatchObject({
      order: { order_id: order.order_id, total_cents: 1870, version: 1 },
    });
    expect(events[2]!.payload).toMatchObject({
      previous_status: 'created',
      order: { status: 'in_progress', version: 3 },
    });
  });

  it('lists the menu of the caller only', async () => {
    const answer = await tenant.graphql(
      `{ menuItems(category: "plats") { id name price { cents } modifiers { id price { cents } } } }`,
    );
    const burger = answer.body.data.menuItems.find((i: { id: string }) => i.id === 'burger_1');
    expect(burger.price.cents).toBe(1250);
    expect(burger.modifiers.map((m: { id: string }) => m.id)).toEqual(
      expect.arrayContaining(['no_onions', 'medium_rare']),
    );
    const empty = await platform.tenant({ menu: false });
    expect((await empty.graphql(`{ menuItems { id } }`)).body.data.menuItems).toEqual([]);
  });
});
