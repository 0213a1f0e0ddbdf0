import type { Client } from 'graphql-ws';
import { fridayAhead, at } from '../../subgraphs/reservations/test/floor';
import {
  bootTestPlatform,
  SPEC_ORDER,
  type TestPlatform,
  type TestTenant,
} from '../../test/support/test-platform';
import { liveClient, Subscription } from './support/live-client';

let platform: TestPlatform;
const clients: Client[] = [];

beforeAll(async () => {
  platform = await bootTestPlatform();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.dispose()));
});

afterAll(() => platform?.stop());

const CURSOR = /^\d+:\d+$/;

/** A connected client of `tenant`. */
async function connect(tenant: TestTenant): Promise<Client> {
  const { client, connected } = liveClient(platform.url, `Bearer ${tenant.token}`);
  clients.push(client);
  await connected;
  return client;
}

/** A subscription that the server has registered (it answers nothing until an event comes). */
async function subscribe(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Subscription> {
  const before = platform.platform.gateway!.subscriptions.hub.size;
  const subscription = new Subscription(client, query, variables);
  const deadline = Date.now() + 5000;
  while (platform.platform.gateway!.subscriptions.hub.size <= before) {
    if (subscription.error !== undefined) return subscription;
    if (Date.now() > deadline) throw new Error('the subscription was not registered');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return subscription;
}

async function placeOrder(tenant: TestTenant, body: unknown = SPEC_ORDER): Promise<any> {
  const answer = await tenant.rest('POST', '/orders', body);
  if (answer.status !== 201) throw new Error(`ordering failed: ${answer.text}`);
  return answer.body;
}

describe('the Subscription type', () => {
  it('is in the schema that /graphql introspects, with every field of the table', async () => {
    const tenant = await platform.tenant({ menu: false });
    const answer = await tenant.graphql(
      `{ __schema { subscriptionType { name fields { name args { name } type { ofType { name } } } } } }`,
    );
    const type = answer.body.data.__schema.subscriptionType;
    expect(type.name).toBe('Subscription');
    const fields = Object.fromEntries(
      type.fields.map((field: any) => [field.name, field.type.ofType.name]),
    );
    expect(fields).toEqual({
      orderCreated: 'Order',
      orderUpdated: 'Order',
      orderStatusChanged: 'Order',
      reservationCreated: 'Reservation',
      reservationArrived: 'Reservation',
      inventoryLowStock: 'InventoryItem',
      paymentCompleted: 'Payment',
      paymentFailed: 'Payment',
      kitchenTickets: 'Order',
    });
    const kitchen = type.fields.find((field: any) => field.name === 'kitchenTickets');
    expect(kitchen.args.map((arg: any) => arg.name)).toEqual(['station', 'after']);
  });

  it('is still refused over HTTP', async () => {
    const tenant = await platform.tenant({ menu: false });
    const answer = await tenant.graphql('subscription { orderCreated { id } }');
    expect(answer.status).toBe(400);
  });
});

describe('events with federated fields', () => {
  it('orderCreated, orderUpdated and orderStatusChanged, with the menu and stock fields', async () => {
    const tenant = await platform.tenant();
    const client = await connect(tenant);
    const selection = `id status items { name quantity menuItem { name available } }`;
    const created = await subscribe(client, `subscription { orderCreated { ${selection} } }`);
    const updated = await subscribe(client, `subscription { orderUpdated { ${selection} } }`);
    const status = await subscribe(
      client,
      `subscription { changed: orderStatusChanged { id status } }`,
    );

    const order = await placeOrder(tenant);
    const [first] = await created.take(1);
    expect(first!.data).toEqual({
      orderCreated: {
        id: order.order_id,
        status: 'CREATED',
        items: [
          {
            name: 'Burger Classique',
            quantity: 1,
            menuItem: { name: 'Burger Classique', available: true },
          },
          {
            name: 'Frites Maison',
            quantity: 1,
            menuItem: { name: 'Frites Maison', available: true },
          },
        ],
      },
    });
    expect(first!.extensions).toEqual({
      cursor: expect.stringMatching(CURSOR),
      event: {
        id: expect.stringMatching(/^evt_/),
        type: 'order.created',
        occurredAt: expect.any(String),
      },
    });

    const added = await tenant.rest('POST', `/orders/${order.order_id}/items`, {
      items: [{ menu_item_id: 'fries_regular', quantity: 2 }],
    });
    expect(added.status).toBe(200);
    const [change] = await updated.take(1);
    expect(change!.data!.orderUpdated.items).toHaveLength(3);

    const moved = await tenant.rest('PATCH', `/orders/${order.order_id}/status`, {
      status: 'in_progress',
    });
    expect(moved.status).toBe(200);
    const [statusChange] = await status.take(1);
    expect(statusChange!.data).toEqual({ changed: { id: order.order_id, status: 'IN_PROGRESS' } });
    // Each field saw only its own event type.
    expect(created.results).toHaveLength(1);
    expect(updated.results).toHaveLength(1);
  });

  it('reservationCreated and reservationArrived', async () => {
    const tenant = await platform.tenant();
    const client = await connect(tenant);
    const created = await subscribe(
      client,
      `subscription { reservationCreated { id partySize status tables { id } } }`,
    );
    const arrived = await subscribe(client, `subscription { reservationArrived { id status } }`);
    const booked = await tenant.rest('POST', '/reservations', {
      customer_name: 'Camille Martin',
      customer_phone: '+33 6 12 34 56 78',
      party_size: 2,
      start_time: at(fridayAhead(), '20:00'),
    });
    expect(booked.status).toBe(201);
    const id = booked.body.reservation_id;
    const [first] = await created.take(1);
    expect(first!.data!.reservationCreated).toEqual({
      id,
      partySize: 2,
      status: 'CONFIRMED',
      tables: [{ id: '1' }],
    });
    const answer = await tenant.rest('PATCH', `/reservations/${id}/status`, { status: 'arrived' });
    expect(answer.status).toBe(200);
    const [arrival] = await arrived.take(1);
    expect(arrival!.data).toEqual({ reservationArrived: { id, status: 'ARRIVED' } });
  });

  it('inventoryLowStock', async () => {
    const tenant = await platform.tenant({ menu: false });
    const client = await connect(tenant);
    const low = await subscribe(
      client,
      `subscription { inventoryLowStock { id name quantity lowStock } }`,
    );
    const created = await tenant.graphql(
      `mutation { createInventoryItem(input: { name: "Crème", unit: "l", quantity: 10, lowStockThreshold: 4 }) { id } }`,
    );
    const id = created.body.data.createInventoryItem.id;
    const moved = await tenant.rest('POST', '/inventory/movements', {
      item_id: id,
      type: 'waste',
      quantity: 7,
      reason: 'spilt',
    });
    expect(moved.status).toBe(201);
    const [first] = await low.take(1);
    expect(first!.data).toEqual({
      inventoryLowStock: { id, name: 'Crème', quantity: 3, lowStock: true },
    });
  });

  it('paymentCompleted and paymentFailed, with the federated order', async () => {
    const tenant = await platform.tenant();
    const client = await connect(tenant);
    const completed = await subscribe(
      client,
      `subscription { paymentCompleted { id status method amount { amount } order { id total { amount } } } }`,
    );
    const failed = await subscribe(
      client,
      `subscription { paymentFailed { id status failureReason amountDue: order { amountDue { amount } } } }`,
    );
    const order = await placeOrder(tenant);
    const declined = await tenant.rest('POST', '/payments', {
      order_id: order.order_id,
      method: 'card',
      terminal_id: 'sim_decline',
    });
    expect(declined.status).toBe(201);
    const [failure] = await failed.take(1);
    expect(failure!.data).toEqual({
      paymentFailed: {
        id: declined.body.payment_id,
        status: 'FAILED',
        failureReason: expect.any(String),
        amountDue: { amountDue: { amount: 18.7 } },
      },
    });
    const cash = await tenant.rest('POST', '/payments', {
      order_id: order.order_id,
      method: 'cash',
    });
    expect(cash.status).toBe(201);
    const [success] = await completed.take(1);
    expect(success!.data).toEqual({
      paymentCompleted: {
        id: cash.body.payment_id,
        status: 'COMPLETED',
        method: 'CASH',
        amount: { amount: 18.7 },
        order: { id: order.order_id, total: { amount: 18.7 } },
      },
    });
  });

  it('reads the entity once per event for identical selections, whatever the subscribers', async () => {
    const tenant = await platform.tenant();
    const apollo = platform.platform.gateway!.apollo;
    const query = `subscription { orderCreated { id total { amount } } }`;
    const subscriptions: Subscription[] = [];
    for (let n = 0; n < 4; n++) subscriptions.push(await subscribe(await connect(tenant), query));
    const spy = jest.spyOn(apollo, 'executeOperation');
    try {
      const order = await placeOrder(tenant);
      for (const subscription of subscriptions) {
        const [result] = await subscription.take(1);
        expect(result!.data).toEqual({
          orderCreated: { id: order.order_id, total: { amount: 18.7 } },
        });
      }
      const followUps = spy.mock.calls.filter(([request]) =>
        String(request.query).startsWith('query SottoSubscription'),
      );
      expect(followUps).toHaveLength(1);
    } finally {
      spy.mockRestore();
    }
  });
});

describe('authentication and scope', () => {
  it('closes with 4403 without a token, and with a bad one', async () => {
    for (const authorization of [undefined, 'Bearer not.a.token', 'Basic abc']) {
      const { client, closed } = liveClient(platform.url, authorization);
      clients.push(client);
      const { code, reason } = await closed;
      expect(code).toBe(4403);
      expect(reason).toMatch(/^Forbidden/);
    }
  });

  it("shows nothing of another restaurant's or another environment's events", async () => {
    const mine = await platform.tenant();
    const other = await platform.tenant();
    const staging = await platform.tenant({
      restaurantId: mine.restaurantId,
      environment: 'staging',
    });
    const seen = await subscribe(await connect(other), 'subscription { orderCreated { id } }');
    const seenInStaging = await subscribe(
      await connect(staging),
      'subscription { orderCreated { id } }',
    );
    await placeOrder(mine);
    await placeOrder(mine);
    const own = await placeOrder(other);
    const ownStaging = await placeOrder(staging);
    const [first] = await seen.take(1);
    expect(first!.data).toEqual({ orderCreated: { id: own.order_id } });
    const [firstStaging] = await seenInStaging.take(1);
    expect(firstStaging!.data).toEqual({ orderCreated: { id: ownStaging.order_id } });
    expect(seen.results).toHaveLength(1);
    expect(seenInStaging.results).toHaveLength(1);
  });

  it('replays only its own tenant from the start of the log', async () => {
    const victim = await platform.tenant();
    await placeOrder(victim);
    const production = await platform.tenant({
      restaurantId: victim.restaurantId,
      environment: 'production',
    });
    const client = await connect(production);
    const replay = await subscribe(client, 'subscription { orderCreated(after: "0:0") { id } }');
    const kitchen = await subscribe(client, 'subscription { kitchenTickets { id } }');
    const own = await placeOrder(production);
    expect((await replay.take(1))[0]!.data).toEqual({ orderCreated: { id: own.order_id } });
    expect((await kitchen.take(1))[0]!.data).toEqual({ kitchenTickets: { id: own.order_id } });
    expect(replay.results).toHaveLength(1);
    // (The open tickets read first may show the new order as well as its event: never another's.)
    for (const result of kitchen.results) {
      expect(result.data).toEqual({ kitchenTickets: { id: own.order_id } });
    }
  });

  it('keeps each role to what it may read: the kitchen sees orders, not reservations or stock', async () => {
    const kitchen = await platform.tenant({ role: 'kitchen' });
    const client = await connect(kitchen);
    for (const field of ['reservationCreated', 'inventoryLowStock', 'paymentCompleted']) {
      const refused = new Subscription(client, `subscription { ${field} { id } }`);
      const error = (await refused.ended()) as { message: string; extensions: any }[];
      expect(error[0]!.extensions.code).toBe('FORBIDDEN');
    }
    const orders = await subscribe(client, 'subscription { orderCreated { id } }');
    const manager = await platform.tenant({ restaurantId: kitchen.restaurantId });
    const order = await placeOrder(manager);
    expect((await orders.take(1))[0]!.data).toEqual({ orderCreated: { id: order.order_id } });
  });

  it('counts WebSockets against the key connection limit (4429 past it)', async () => {
    const tenant = await platform.tenant({ menu: false, maxConnections: 2 });
    const first = await connect(tenant);
    await connect(tenant);
    const third = liveClient(platform.url, `Bearer ${tenant.token}`);
    clients.push(third.client);
    expect(await third.closed).toEqual({ code: 4429, reason: expect.stringMatching(/at most 2/) });
    // An HTTP request of the same key is refused while both sockets are open.
    expect((await tenant.graphql('{ viewer { role } }')).status).toBe(429);
    await first.dispose();
    const deadline = Date.now() + 5000;
    while ((await platform.platform.gateway!.limits.connectionsInUse(tenant.keyId)) > 1) {
      if (Date.now() > deadline) throw new Error('the slot was not given back');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await connect(tenant);
  });
});

describe('no missed events', () => {
  it('resumes after the last event seen, with what happened while away, in order', async () => {
    const tenant = await platform.tenant();
    const query = 'subscription ($after: String) { orderCreated(after: $after) { id } }';
    const client = await connect(tenant);
    const before = await subscribe(client, query);
    const seen = await placeOrder(tenant);
    const [first] = await before.take(1);
    expect(first!.data).toEqual({ orderCreated: { id: seen.order_id } });
    await client.dispose();

    const missed = [await placeOrder(tenant), await placeOrder(tenant)];
    const resumed = await subscribe(await connect(tenant), query, {
      after: first!.extensions!.cursor,
    });
    const later = await placeOrder(tenant);
    const results = await resumed.take(3);
    expect(results.map((result) => result.data!.orderCreated.id)).toEqual([
      ...missed.map((order) => order.order_id),
      later.order_id,
    ]);
    expect(resumed.results).toHaveLength(3);
  });

  it('refuses a cursor that is not one', async () => {
    const tenant = await platform.tenant({ menu: false });
    const refused = new Subscription(
      await connect(tenant),
      'subscription { orderCreated(after: "yesterday") { id } }',
    );
    const error = (await refused.ended()) as any[];
    expect(error[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('kitchenTickets', () => {
  const TICKETS = `subscription ($station: String, $after: String) {
    kitchenTickets(station: $station, after: $after) {
      id tableId lines: items { name status station } ... on Order { items { id } }
    }
  }`;

  it('shows every open ticket with its own order, not one answer shared between them', async () => {
    const tenant = await platform.tenant();
    const first = await placeOrder(tenant);
    const second = await placeOrder(tenant, { ...SPEC_ORDER, table_id: '7' });
    const grill = await subscribe(await connect(tenant), TICKETS, { station: 'grill' });
    const tickets = (await grill.take(2)).map((result) => result.data!.kitchenTickets);
    expect(tickets.map((ticket: any) => [ticket.id, ticket.tableId]).sort()).toEqual(
      [
        [first.order_id, '12'],
        [second.order_id, '7'],
      ].sort(),
    );
  });

  it("shows a station's open items: first the open tickets, then as they change", async () => {
    const tenant = await platform.tenant();
    const open = await placeOrder(tenant);
    const grill = await subscribe(await connect(tenant), TICKETS, { station: 'grill' });
    const [snapshot] = await grill.take(1);
    expect(snapshot!.data!.kitchenTickets).toEqual({
      id: open.order_id,
      tableId: '12',
      lines: [{ name: 'Burger Classique', status: 'PENDING', station: 'grill' }],
      items: [{ id: open.items[0].item_id }],
    });
    expect(snapshot!.extensions).toEqual({ snapshot: true, cursor: expect.stringMatching(CURSOR) });

    // An order with nothing for the grill does not reach it.
    await placeOrder(tenant, {
      table_id: '3',
      items: [{ menu_item_id: 'fries_regular', quantity: 1 }],
    });
    const next = await placeOrder(tenant, { ...SPEC_ORDER, table_id: '7' });
    const [, created] = await grill.take(2);
    expect(created!.data!.kitchenTickets.id).toBe(next.order_id);

    const burger = open.items[0].item_id;
    const move = (status: string) =>
      tenant.rest('PATCH', `/orders/${open.order_id}/items/${burger}/status`, { status });
    expect((await move('preparing')).status).toBe(200);
    const [, , preparing] = await grill.take(3);
    expect(preparing!.data!.kitchenTickets.lines).toEqual([
      { name: 'Burger Classique', status: 'PREPARING', station: 'grill' },
    ]);
    expect((await move('ready')).status).toBe(200);
    const [, , , bumped] = await grill.take(4);
    // Bumped: nothing left for the grill, the ticket leaves the screen.
    expect(bumped!.data!.kitchenTickets).toEqual({
      id: open.order_id,
      tableId: '12',
      lines: [],
      items: [],
    });
  });
});
