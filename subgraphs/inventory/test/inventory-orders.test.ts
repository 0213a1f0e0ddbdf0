import { Client, Pool } from 'pg';
import type { StoredEvent } from '../../../platform/src/events/event-log';
import { settledEvents } from '../../../test/support/settled-events';
import { recordMessages } from '../../../test/support/sent-messages';
import {
  bootTestPlatform,
  SPEC_ORDER,
  testDatabaseUrl,
  type TestPlatform,
  type TestTenant,
} from '../../../test/support/test-platform';
import { OrderStockReconciler } from '../src';
import { movementsOf, stockBySku, waitForChange } from './inventory-fixtures';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await bootTestPlatform();
});
afterAll(() => platform?.stop());

/** The quantities of some skus, as REST lists them. */
async function quantities(tenant: TestTenant, skus: readonly string[]) {
  const stock = await stockBySku(tenant);
  return Object.fromEntries(skus.map((sku) => [sku, stock.get(sku).quantity]));
}

const BURGER_AND_FRIES = ['beef_patty', 'burger_bun', 'cheddar', 'onion', 'potato'];

async function availability(tenant: TestTenant, id: string) {
  const answer = await tenant.graphql(
    `query ($id: ID!) { menuItem(id: $id) { id available portionsLeft } }`,
    { id },
  );
  return answer.body.data.menuItem;
}

describe('stock follows orders, through the event log', () => {
  it('an order depletes its recipes, and cancelling it gives the stock back', async () => {
    const tenant = await platform.tenant({ stock: true });
    const start = await quantities(tenant, BURGER_AND_FRIES);
    expect(start).toEqual({ beef_patty: 40, burger_bun: 40, cheddar: 2000, onion: 10, potato: 40 });

    const order = await tenant.rest('POST', '/orders', SPEC_ORDER);
    expect(order.status).toBe(201);
    const depleted = await waitForChange(() => quantities(tenant, BURGER_AND_FRIES), start);
    expect(depleted).toEqual({
      beef_patty: 39,
      burger_bun: 39,
      cheddar: 1970,
      onion: 9.98,
      potato: 39.75,
    });
    const patty = (await stockBySku(tenant)).get('beef_patty');
    expect((await movementsOf(tenant, patty.item_id)).at(-1)).toMatchObject({
      type: 'SALE',
      quantity: -1,
      orderId: order.body.order_id,
      createdByKeyId: null,
    });

    // More items, one of them cancelled at once: only the rest stays taken.
    const added = await tenant.rest('POST', `/orders/${order.body.order_id}/items`, {
      items: [
        { menu_item_id: 'burger_1', quantity: 2 },
        { menu_item_id: 'fries_regular', quantity: 1 },
      ],
    });
    expect(added.status).toBe(200);
    const afterAdd = await waitForChange(() => quantities(tenant, BURGER_AND_FRIES), depleted);
    expect(afterAdd).toMatchObject({ beef_patty: 37, potato: 39.5 });
    const secondBurger = added.body.items[2].item_id;
    await tenant.rest('PATCH', `/orders/${order.body.order_id}/items/${secondBurger}/status`, {
      status: 'cancelled',
    });
    const afterItemCancel = await waitForChange(
      () => quantities(tenant, BURGER_AND_FRIES),
      afterAdd,
    );
    expect(afterItemCancel).toMatchObject({ beef_patty: 39, burger_bun: 39, potato: 39.5 });

    const cancelled = await tenant.rest('PATCH', `/orders/${order.body.order_id}/status`, {
      status: 'cancelled',
    });
    expect(cancelled.status).toBe(200);
    expect(
      await waitForChange(() => quantities(tenant, BURGER_AND_FRIES), afterItemCancel),
    ).toEqual(start);
  });

  it('replaying every event of the restaurant, as after a crash, changes nothing', async () => {
    const tenant = await platform.tenant({ stock: true });
    const kept = await tenant.rest('POST', '/orders', SPEC_ORDER);
    const dropped = await tenant.rest('POST', '/orders', SPEC_ORDER);
    await tenant.rest('PATCH', `/orders/${dropped.body.order_id}/status`, { status: 'cancelled' });
    expect(kept.status).toBe(201);

    // Wait until the consumer has handled the three events: the patty's ledger then holds the
    // opening stock, both sales and the cancelled order's return.
    const patty = (await stockBySku(tenant)).get('beef_patty');
    let ledger = await movementsOf(tenant, patty.item_id);
    while (ledger.length < 4) {
      ledger = await waitForChange(() => movementsOf(tenant, patty.item_id), ledger);
    }
    expect(ledger.map((movement) => movement.quantity)).toEqual([40, -1, -1, 1]);
    const expected = { beef_patty: 39, burger_bun: 39, cheddar: 1970, onion: 9.98, potato: 39.75 };
    expect(await quantities(tenant, BURGER_AND_FRIES)).toEqual(expected);

    // Deliver every order event of the restaurant again, twice at once: what a consumer that
    // crashed before moving its cursor, and a second replica, would do.
    const pool = new Pool({ connectionString: testDatabaseUrl(), max: 1 });
    const events = await settledEvents(pool, {
      restaurantId: tenant.restaurantId,
      environment: tenant.environment,
    });
    await pool.end();
    // Two order.created, one order.status_changed.
    expect(events.filter((event) => event.type.startsWith('order.')).length).toBe(3);
    const reconciler = new OrderStockReconciler(platform.platform.orms.inventory!);
    await Promise.all([
      (async () => {
        for (const event of events) await reconciler.handle(event);
      })(),
      (async () => {
        for (const event of events) await reconciler.handle(event);
      })(),
    ]);

    expect(await quantities(tenant, BURGER_AND_FRIES)).toEqual(expected);
    expect(await movementsOf(tenant, patty.item_id)).toEqual(ledger);
  });
});

/** An order event as the log hands it out, its snapshot holding burgers of the given statuses. */
function orderEvent(
  tenant: TestTenant,
  id: string,
  type: string,
  orderId: string,
  version: number,
  burgers: string[],
): StoredEvent {
  const order = { id: orderId, version, burgers };
  return {
    id,
    seq: '0',
    cursor: '0:0',
    type: type as StoredEvent['type'],
    restaurantId: tenant.restaurantId,
    environment: tenant.environment,
    aggregateType: 'order',
    aggregateId: order.id,
    payload: {
      order: {
        order_id: order.id,
        version: order.version,
        items: order.burgers.map((status, index) => ({
          item_id: `${order.id}-${index + 1}`,
          menu_item_id: 'burger_1',
          quantity: 1,
          status,
        })),
      },
    },
    occurredAt: new Date(),
  };
}

/**
 * Logs `events` where the running consumers cannot read them yet (an older transaction stays
 * open meanwhile), then runs `work` (which hands them to reconcilers of the test's own).
 */
async function withHeldBack(events: StoredEvent[], work: () => Promise<void>) {
  const log = new Client({ connectionString: testDatabaseUrl() });
  const holder = new Client({ connectionString: testDatabaseUrl() });
  await Promise.all([log.connect(), holder.connect()]);
  try {
    await holder.query('begin');
    await holder.query('select pg_current_xact_id()');
    for (const one of events) {
      await log.query(
        `insert into events.event_log
           (id, type, restaurant_id, environment, aggregate_type, aggregate_id, payload)
         values ($1, $2, $3, $4, 'order', $5, $6)`,
        [one.id, one.type, one.restaurantId, one.environment, one.aggregateId, one.payload],
      );
    }
    await work();
  } finally {
    await holder.query('rollback');
    await Promise.all([log.end(), holder.end()]);
  }
}

/** `withHeldBack`, the events handed to one reconciler in the order given. */
function reconcileHeldBack(events: StoredEvent[], batches: 'one batch' | 'one by one') {
  return withHeldBack(events, async () => {
    const reconciler = new OrderStockReconciler(platform.platform.orms.inventory!);
    for (const one of events) {
      await reconciler.handle(one, batches === 'one batch' ? events : [one]);
    }
  });
}

/**
 * Resolves once a message of `tenant` waits on a lock. The tenant is named at the start of each
 * of its messages (`pg_stat_activity` keeps the first kilobyte). Asked from a connection of its
 * own, each time outside a transaction: within one, PostgreSQL answers the activity as it was
 * at the transaction's first look.
 */
async function lockWaiter(tenant: TestTenant) {
  const watcher = new Client({ connectionString: testDatabaseUrl() });
  await watcher.connect();
  try {
    for (let tries = 0; tries < 500; tries++) {
      const { rows } = await watcher.query(
        `select count(*)::int as n from pg_stat_activity
          where wait_event_type = 'Lock' and position($1 in query) > 0`,
        [tenant.restaurantId],
      );
      if (rows[0].n > 0) return;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error('nothing waited on the lock');
  } finally {
    await watcher.end();
  }
}

/** The patty's quantity, and its movements that came from orders. */
async function pattySales(tenant: TestTenant) {
  const patty = (await stockBySku(tenant)).get('beef_patty');
  const sales = (await movementsOf(tenant, patty.item_id)).filter((move) => move.orderId);
  return {
    quantity: patty.quantity,
    sales: sales.map((move: any) => [move.orderId, move.quantity]),
  };
}

describe('events handled a batch at a time', () => {
  it('an order with two events in one batch reads its stock anew for the second', async () => {
    const tenant = await platform.tenant({ stock: true });
    expect((await stockBySku(tenant)).get('beef_patty').quantity).toBe(40);
    // A burger sold then cancelled (two events of one order), and a burger of another order.
    await reconcileHeldBack(
      [
        orderEvent(tenant, 'evt_batch_1', 'order.created', 'order_batch_x', 1, ['pending']),
        orderEvent(tenant, 'evt_batch_2', 'order.updated', 'order_batch_x', 2, ['cancelled']),
        orderEvent(tenant, 'evt_batch_3', 'order.created', 'order_batch_y', 1, ['pending']),
      ],
      'one batch',
    );
    // As one by one: x's burger sold then given back, y's sold. (Read ahead for the whole
    // batch, x's second event would reconcile from what was read before its first.)
    expect(await pattySales(tenant)).toEqual({
      quantity: 39,
      sales: [
        ['order_batch_x', -1],
        ['order_batch_x', 1],
        ['order_batch_y', -1],
      ],
    });
  });
});

describe('events of an order out of order (two replicas, a batch handed out again)', () => {
  it('an older event handled after a newer one gives back nothing the newer one sold', async () => {
    const tenant = await platform.tenant({ stock: true });
    await reconcileHeldBack(
      [
        orderEvent(tenant, 'evt_late_2', 'order.updated', 'order_late', 2, ['pending', 'pending']),
        orderEvent(tenant, 'evt_late_1', 'order.created', 'order_late', 1, ['pending']),
      ],
      'one by one',
    );
    expect(await pattySales(tenant)).toEqual({
      quantity: 38,
      sales: [
        ['order_late', -1],
        ['order_late', -1],
      ],
    });
  });

  it("a reconciler that read its stake before another's sales locks their items too", async () => {
    const tenant = await platform.tenant({ stock: true });
    const potato = (await stockBySku(tenant)).get('potato').item_id as string;
    // Version 1 has a burger; version 2 replaced it with fries: the burger is gone from it.
    const v1 = orderEvent(tenant, 'evt_race_1', 'order.created', 'order_race', 1, ['pending']);
    const v2 = orderEvent(tenant, 'evt_race_2', 'order.updated', 'order_race', 2, []);
    const fries = { item_id: 'order_race-2', menu_item_id: 'fries_regular', quantity: 1 };
    v2.payload = {
      order: { order_id: 'order_race', version: 2, items: [{ ...fries, status: 'pending' }] },
    };
    const blocker = new Client({ connectionString: testDatabaseUrl() });
    await blocker.connect();
    try {
      await withHeldBack([v1, v2], async () => {
        await blocker.query('begin');
        await blocker.query('select id from inventory.inventory_items where id = $1 for update', [
          potato,
        ]);
        const orm = platform.platform.orms.inventory!;
        // Two replicas: the second reads its stake (nothing sold yet: only the potato of its
        // fries), then waits on the potato's lock while the first sells the burger.
        const second = new OrderStockReconciler(orm).handle(v2);
        await lockWaiter(tenant);
        await new OrderStockReconciler(orm).handle(v1);
        await blocker.query('rollback');
        await second;
      });
    } finally {
      await blocker.end();
    }
    // The second found the burger's sales once it held the potato, locked their items, and
    // gave the burger back; the fries are sold.
    expect(await pattySales(tenant)).toEqual({
      quantity: 40,
      sales: [
        ['order_race', -1],
        ['order_race', 1],
      ],
    });
    expect((await stockBySku(tenant)).get('potato').quantity).toBe(39.75);
  });

  it("an order's sale costs three messages to PostgreSQL: its stake, its locks, its writes", async () => {
    const tenant = await platform.tenant({ stock: true });
    const created = orderEvent(tenant, 'evt_count_1', 'order.created', 'order_count', 1, [
      'pending',
    ]);
    let sent: string[] = [];
    await withHeldBack([created], async () => {
      // Every message of this process's connections; the reconciler's are those that name the
      // order (the running consumers' work, which cannot see the event, does not).
      const recorded = recordMessages();
      try {
        await new OrderStockReconciler(platform.platform.orms.inventory!).handle(created);
      } finally {
        recorded.restore();
      }
      sent = recorded.messages;
    });
    const reconciler = sent.filter((text) => text.includes('order_count'));
    expect(reconciler).toHaveLength(3);
    expect(reconciler[1]).toMatch(/^begin;[\s\S]*for update/);
    expect(reconciler[2]).toMatch(/commit$/);
    expect(await pattySales(tenant)).toEqual({ quantity: 39, sales: [['order_count', -1]] });
  });

  it('a newer version with nothing left to take keeps an older one from selling', async () => {
    const tenant = await platform.tenant({ stock: true });
    // Version 2 removed the burger (nothing of the order takes stock any more), and is handled
    // before version 1 (two replicas): version 1 comes too late to sell the burger.
    await reconcileHeldBack(
      [
        orderEvent(tenant, 'evt_emptied_2', 'order.updated', 'order_emptied', 2, []),
        orderEvent(tenant, 'evt_emptied_1', 'order.created', 'order_emptied', 1, ['pending']),
      ],
      'one by one',
    );
    expect(await pattySales(tenant)).toEqual({ quantity: 40, sales: [] });
  });

  it('an item cancelled before it was sold stays unsold when an older event comes late', async () => {
    const tenant = await platform.tenant({ stock: true });
    await reconcileHeldBack(
      [
        orderEvent(tenant, 'evt_unsold_2', 'order.updated', 'order_unsold', 2, ['cancelled']),
        orderEvent(tenant, 'evt_unsold_1', 'order.created', 'order_unsold', 1, ['pending']),
      ],
      'one by one',
    );
    expect(await pattySales(tenant)).toEqual({ quantity: 40, sales: [] });
  });
});

describe('availability through federation', () => {
  it('an item stock cannot cover is unavailable and refused, then available after a receipt', async () => {
    const tenant = await platform.tenant({ stock: true });
    const patty = (await stockBySku(tenant)).get('beef_patty');
    expect(await availability(tenant, 'burger_1')).toEqual({
      id: 'burger_1',
      available: true,
      portionsLeft: 40,
    });

    const emptied = await tenant.rest('PATCH', `/inventory/items/${patty.item_id}/stock`, {
      quantity: 0,
      reason: 'plus de steaks',
    });
    expect(emptied.status).toBe(200);
    expect(await availability(tenant, 'burger_1')).toEqual({
      id: 'burger_1',
      available: false,
      portionsLeft: 0,
    });
    expect((await availability(tenant, 'fries_regular')).available).toBe(true);

    const ordersBefore = (await tenant.rest('GET', '/orders?limit=100')).body.data.length;
    const refused = await tenant.rest('POST', '/orders', SPEC_ORDER);
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({
      code: 'item_unavailable',
      details: [
        {
          field: 'items[0].menu_item_id',
          message: expect.stringContaining('Steak haché 150 g (needs 1 unit, 0 left)'),
        },
      ],
    });
    const graphql = await tenant.graphql(
      `mutation ($input: CreateOrderInput!) { createOrder(input: $input) { id } }`,
      { input: { items: [{ menuItemId: 'burger_1', quantity: 1 }] } },
    );
    expect(graphql.body.errors[0].extensions.code).toBe('ITEM_UNAVAILABLE');
    expect((await tenant.rest('GET', '/orders?limit=100')).body.data.length).toBe(ordersBefore);

    const receipt = await tenant.rest('POST', '/inventory/movements', {
      item_id: patty.item_id,
      type: 'receipt',
      quantity: 2,
      reason: 'livraison',
    });
    expect(receipt.status).toBe(201);
    expect(await availability(tenant, 'burger_1')).toEqual({
      id: 'burger_1',
      available: true,
      portionsLeft: 2,
    });

    // Three burgers need three patties: the basket is refused as a whole; two pass.
    const three = await tenant.rest('POST', '/orders', {
      items: [
        { menu_item_id: 'burger_1', quantity: 1 },
        { menu_item_id: 'burger_1', quantity: 2 },
      ],
    });
    expect(three.status).toBe(422);
    expect(three.body.error.details.map((problem: any) => problem.field)).toEqual([
      'items[0].menu_item_id',
      'items[1].menu_item_id',
    ]);
    const accepted = await tenant.rest('POST', '/orders', SPEC_ORDER);
    expect(accepted.status).toBe(201);
    expect(
      await waitForChange(() => availability(tenant, 'burger_1'), {
        id: 'burger_1',
        available: true,
        portionsLeft: 2,
      }),
    ).toEqual({ id: 'burger_1', available: true, portionsLeft: 1 });
  });

  it('ingredients shared between items are counted together', async () => {
    const tenant = await platform.tenant({ stock: true });
    const gruyere = (await stockBySku(tenant)).get('gruyere');
    // 100 g: two portions of soup (40 g each) or of croque-monsieur, but not one of each and a soup.
    await tenant.rest('PATCH', `/inventory/items/${gruyere.item_id}/stock`, { quantity: 100 });
    const shortage = await tenant.graphql(
      `query ($lines: [StockDemandInput!]!) { stockShortages(lines: $lines) {
          item { sku } needed available menuItemIds } }`,
      {
        lines: [
          { menuItemId: 'soupe_oignon', quantity: 2 },
          { menuItemId: 'croque_monsieur', quantity: 1 },
        ],
      },
    );
    expect(shortage.body.data.stockShortages).toEqual([
      {
        item: { sku: 'gruyere' },
        needed: 120,
        available: 100,
        menuItemIds: ['soupe_oignon', 'croque_monsieur'],
      },
    ]);
    const refused = await tenant.rest('POST', '/orders', {
      items: [
        { menu_item_id: 'soupe_oignon', quantity: 2 },
        { menu_item_id: 'croque_monsieur', quantity: 1 },
      ],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe('item_unavailable');
  });

  it('a restaurant without recipes orders without limit, and sees every item available', async () => {
    const tenant = await platform.tenant();
    const answer = await tenant.graphql(
      '{ menuItems { id available portionsLeft recipe { quantity } } }',
    );
    expect(answer.body.data.menuItems.length).toBeGreaterThan(10);
    for (const item of answer.body.data.menuItems) {
      expect(item).toMatchObject({ available: true, portionsLeft: null, recipe: [] });
    }
    const big = await tenant.rest('POST', '/orders', {
      items: [{ menu_item_id: 'burger_1', quantity: 999 }],
    });
    expect(big.status).toBe(201);
  });
});
