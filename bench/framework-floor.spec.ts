import { FrameworkFloor } from './framework-floor';
import { FEDERATED_ORDER_QUERY } from './scenarios';
import { SPEC_ORDER, testDatabaseUrl } from '../test/support/test-platform';

/**
 * The floor answers every route the benchmark sends it, with the platform's graph shapes: a
 * floor that answered 404s or GraphQL errors would measure nothing.
 */
describe('the Apollo floor of the benchmark', () => {
  const floor = new FrameworkFloor();
  let url: string;

  beforeAll(async () => {
    url = await floor.start();
  });
  afterAll(() => floor.stop());

  const send = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(url + path, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  it("runs the benchmark's federated query over four subgraphs", async () => {
    const { status, body } = await send('POST', '/graphql', {
      query: FEDERATED_ORDER_QUERY,
      variables: { id: 'ord_1' },
    });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.order).toMatchObject({
      id: 'ord_1',
      total: { amount: 18.7 },
      items: [
        { quantity: 1, menuItem: { name: 'Burger Classique', available: true, portionsLeft: 40 } },
        { quantity: 1, menuItem: { name: 'Frites Maison', available: true, portionsLeft: 40 } },
      ],
      payments: [{ id: 'pay_0', status: 'completed' }],
      amountDue: { amount: 8.7 },
    });
  });

  it("answers the REST routes with one operation's root field", async () => {
    const order = await send('GET', '/api/v1/orders/ord_7');
    expect(order).toMatchObject({ status: 200, body: { id: 'ord_7', status: 'created' } });
    expect(order.body.items).toHaveLength(2);

    const created = await send('POST', '/api/v1/orders', SPEC_ORDER);
    expect(created).toMatchObject({ status: 201, body: { status: 'created', tableId: '12' } });

    const moved = await send('PATCH', '/api/v1/orders/ord_7/status', { status: 'ready' });
    expect(moved).toEqual({ status: 200, body: { id: 'ord_7', status: 'ready' } });

    const tables = await send(
      'GET',
      '/api/v1/tables/availability?start_time=2026-12-11T20%3A30%3A00%2B01%3A00&party_size=4',
    );
    expect(tables.status).toBe(200);
    expect(tables.body).toEqual([
      { tableId: 't4', seats: 4, startTime: '2026-12-11T20:30:00+01:00' },
      { tableId: 't9', seats: 4, startTime: '2026-12-11T20:30:00+01:00' },
    ]);
  });

  it('refuses an order the menu does not know, as the orders service would', async () => {
    const refused = await send('POST', '/api/v1/orders', {
      items: [{ menu_item_id: 'nothing', quantity: 1 }],
    });
    expect(refused.status).toBe(500);
    expect((await send('GET', '/api/v1/nowhere')).status).toBe(404);
  });
});

/**
 * The floor with a database pays one round trip to PostgreSQL per subgraph fetch, on the
 * request's path, and answers as the floor without one does.
 */
describe('the Apollo floor with PostgreSQL', () => {
  const post = (url: string, path: string, body: unknown) =>
    fetch(url + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('makes one round trip per subgraph fetch: one for an order, four across four subgraphs', async () => {
    const floor = new FrameworkFloor({ databaseUrl: testDatabaseUrl(), poolSize: 2 });
    const url = await floor.start();
    try {
      const order = await fetch(`${url}/api/v1/orders/ord_7`);
      expect(order.status).toBe(200);
      expect(floor.roundTrips).toBe(1);

      const federated = await post(url, '/graphql', {
        query: FEDERATED_ORDER_QUERY,
        variables: { id: 'ord_1' },
      });
      const body = (await federated.json()) as any;
      expect(body.errors).toBeUndefined();
      expect(body.data.order.amountDue).toEqual({ amount: 8.7 });
      // The order, then its items' menu entries and its payments, then their stock.
      expect(floor.roundTrips).toBe(1 + 4);

      // The order, then the menu's prices and the stock's verdict that it asks for.
      expect((await post(url, '/api/v1/orders', SPEC_ORDER)).status).toBe(201);
      expect(floor.roundTrips).toBe(1 + 4 + 3);
    } finally {
      await floor.stop();
    }
  });

  it('fails a request whose round trip fails: the database is on its path', async () => {
    const floor = new FrameworkFloor({ databaseUrl: 'postgres://postgres@127.0.0.1:1/nowhere' });
    const url = await floor.start();
    try {
      expect((await fetch(`${url}/api/v1/orders/ord_7`)).status).toBe(500);
      expect(floor.roundTrips).toBe(0);
    } finally {
      await floor.stop();
    }
  });
});
