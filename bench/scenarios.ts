import { at, fridayAhead } from '../subgraphs/reservations/test/floor';
import { SPEC_ORDER, type TestPlatform, type TestTenant } from '../test/support/test-platform';
import type { LoadStep } from './load-request';

/** One HTTP request that a scenario repeats under load, on the platform and on the bare server. */
export interface HttpScenario {
  name: string;
  /** What the issue asks of it on this machine, in words; empty: no target. */
  target: string;
  /** Whether a run meets the target. */
  meets?: (figures: { requestsPerSecond: number; p99: number }) => boolean;
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** Each connection's own requests, repeated in order (see `LoadRequest`); the bare server answers each. */
  sequences?: LoadStep[][];
  /** Puts the data back as the scenario starts from, before each run (warm-up and measured). */
  beforeEachRun?: () => Promise<void>;
  /**
   * Whether each of its requests reaches PostgreSQL on the platform (not one the read cache
   * answers): the floor with a database is measured for these.
   */
  readsDatabase: boolean;
}

/**
 * Keys whose limits stay out of the load's way: the highest a key may carry (a million requests a
 * minute, ten thousand connections; IdentityService refuses more).
 */
export const UNLIMITED = { rateLimitPerMinute: 1_000_000, maxConnections: 10_000 };

export const FEDERATED_ORDER_QUERY = `query BenchOrder($id: ID!) {
  order(id: $id) {
    id status total { amount }
    items { quantity menuItem { name available portionsLeft } }
    payments { id status }
    amountDue { amount }
  }
}`;

const json = (token: string) => ({
  authorization: `Bearer ${token}`,
  'content-type': 'application/json',
});

async function expectStatus(
  what: string,
  answer: Promise<{ status: number; text: string }>,
  ...statuses: number[]
) {
  const { status, text } = await answer;
  if (!statuses.includes(status)) throw new Error(`${what}: ${status} ${text.slice(0, 300)}`);
  return status;
}

/** An order of the spec's example, partly paid in cash, on a restaurant whose items count stock. */
async function paidOrder(tenant: TestTenant): Promise<string> {
  const created = await tenant.rest('POST', '/orders', SPEC_ORDER);
  if (created.status !== 201) throw new Error(`creating the order: ${created.text}`);
  const orderId = created.body.order_id as string;
  await expectStatus(
    'paying part of the order',
    tenant.rest('POST', '/payments', { order_id: orderId, method: 'cash', amount: '5.00' }),
    201,
  );
  return orderId;
}

/** The same read with `Cache-Control: no-cache`: never answered from the read cache. */
function readAfresh(read: HttpScenario): HttpScenario {
  return {
    ...read,
    name: `${read.name}, no-cache`,
    headers: { ...read.headers, 'cache-control': 'no-cache' },
    readsDatabase: true,
  };
}

/**
 * A busy Friday evening two weeks ahead: bookings every quarter of an hour from 19:00 to 22:00
 * for parties of 2 to 8, until the floor is full (a refused booking is part of being busy).
 */
async function busyEvening(tenant: TestTenant): Promise<{ day: string; booked: number }> {
  const day = fridayAhead(2);
  const parties = [2, 4, 2, 3, 6, 2, 4, 5, 2, 8];
  let booked = 0;
  let attempt = 0;
  for (let minutes = 19 * 60; minutes <= 22 * 60; minutes += 15) {
    const hhmm = `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}`;
    for (let i = 0; i < 5; i++) {
      const status = await expectStatus(
        'booking the evening',
        tenant.rest('POST', '/reservations', {
          customer_name: `Convive ${attempt}`,
          party_size: parties[attempt++ % parties.length],
          start_time: at(day, hhmm),
        }),
        201,
        409,
      );
      if (status === 201) booked++;
    }
  }
  return { day, booked };
}

const statusBody = (status: string) => JSON.stringify({ status });

/**
 * A kitchen display per connection, each moving its own order between `ready` and `in_progress`
 * (a change to an existing order: the order locked and read with its items, then its new status
 * and its event written). Before each run, every order is put back to `ready`, where the
 * sequences start.
 */
async function kitchenOrders(tenant: TestTenant, count: number): Promise<HttpScenario> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const created = await tenant.rest('POST', '/orders', SPEC_ORDER);
    if (created.status !== 201) throw new Error(`creating a kitchen order: ${created.text}`);
    ids.push(created.body.order_id as string);
    for (const status of ['in_progress', 'ready']) {
      await expectStatus(
        'moving a kitchen order',
        tenant.rest('PATCH', `/orders/${created.body.order_id}/status`, { status }),
        200,
      );
    }
  }
  const statusPath = (id: string) => `/api/v1/orders/${id}/status`;
  return {
    name: 'REST PATCH /api/v1/orders/{id}/status',
    target: '',
    method: 'PATCH',
    readsDatabase: true,
    path: statusPath(ids[0]!),
    headers: json(tenant.token),
    body: statusBody('in_progress'),
    sequences: ids.map((id) => [
      { method: 'PATCH', path: statusPath(id), body: statusBody('in_progress') },
      { method: 'PATCH', path: statusPath(id), body: statusBody('ready') },
    ]),
    beforeEachRun: async () => {
      // The load generator stops without waiting for the answers: let the requests still on
      // their way land first, or one of them could move an order after it was put back.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      for (const id of ids) {
        const order = await tenant.rest('GET', `/orders/${id}`);
        if (order.body.status === 'ready') continue;
        await expectStatus(
          'putting a kitchen order back to ready',
          tenant.rest('PATCH', `/orders/${id}/status`, { status: 'ready' }),
          200,
        );
      }
    },
  };
}

export interface PreparedScenarios {
  scenarios: HttpScenario[];
  notes: string[];
}

/**
 * Restaurants, keys and data for the HTTP scenarios, then the scenarios themselves; `connections`
 * kitchen orders, one per connection of the load.
 */
export async function prepareHttpScenarios(
  platform: TestPlatform,
  connections: number,
): Promise<PreparedScenarios> {
  // Reads: a restaurant whose menu items have recipes and stock, so `available` and
  // `portionsLeft` are computed by the inventory subgraph.
  const reader = await platform.tenant({ stock: true, ...UNLIMITED });
  const orderId = await paidOrder(reader);
  // Writes: stock would run out after a few hundred orders and turn them into 422s.
  const writer = await platform.tenant({ ...UNLIMITED });
  const host = await platform.tenant({ ...UNLIMITED });
  const evening = await busyEvening(host);
  const kitchen = await kitchenOrders(writer, connections);
  const availability = new URLSearchParams({
    start_time: at(evening.day, '20:30'),
    party_size: '4',
  });

  const reads: HttpScenario[] = [
    {
      name: 'REST GET /api/v1/orders/{id}',
      target: 'p99 < 25 ms and ≥ 3,000 req/s',
      meets: ({ requestsPerSecond, p99 }) => p99 < 25 && requestsPerSecond >= 3000,
      method: 'GET',
      readsDatabase: false,
      path: `/api/v1/orders/${orderId}`,
      headers: { authorization: `Bearer ${reader.token}` },
    },
    {
      name: 'GraphQL order across orders, menu, payments, stock',
      target: 'p99 < 40 ms',
      meets: ({ p99 }) => p99 < 40,
      method: 'POST',
      readsDatabase: false,
      path: '/graphql',
      headers: json(reader.token),
      body: JSON.stringify({ query: FEDERATED_ORDER_QUERY, variables: { id: orderId } }),
    },
    {
      name: 'REST GET /api/v1/tables/availability',
      target: '',
      method: 'GET',
      readsDatabase: false,
      path: `/api/v1/tables/availability?${availability}`,
      headers: { authorization: `Bearer ${host.token}` },
    },
  ];

  return {
    notes: [
      `GET and GraphQL read one order of the spec's two items, with a cash payment, on a restaurant with recipes and stock.`,
      `POST creates the spec's example order on a restaurant without recipes (stock is not counted, so it never runs out).`,
      `PATCH: each connection moves an order of its own (the spec's example order) between \`ready\` and \`in_progress\`, as a kitchen display does; every order is put back to \`ready\` before each run.`,
      `Before each scenario, and before its run against the gateway apart, the bench waits until every event-log consumer has read the whole log (the stock and webhooks of earlier orders), so that no run pays for another's background work.`,
      `Each read runs twice: repeated as a polling client does, answered by the gateway's read cache (the data does not change during the run), then with \`Cache-Control: no-cache\`, executed through the subgraphs every time (orders and payments, and the holds around the asked time, read from PostgreSQL each time; the menu, the recipes and stock of the order's items, and the restaurant's floor, as each process keeps them until a change). The fresh answers are not kept again (the cache holds one read since the data's last change): a no-cache row is what executing a read costs.`,
      `Availability: ${evening.booked} reservations booked on ${evening.day} between 19:00 and 22:00 (the floor has 19 tables); query for 4 at 20:30.`,
    ],
    // Each read twice: as clients repeat it (the gateway's read cache answers), then with
    // `Cache-Control: no-cache`, which executes it through the subgraphs every time.
    scenarios: [
      ...reads.flatMap((read) => [read, readAfresh(read)]),
      {
        name: 'REST POST /api/v1/orders',
        target: 'p99 < 60 ms',
        meets: ({ p99 }) => p99 < 60,
        method: 'POST',
        readsDatabase: true,
        path: '/api/v1/orders',
        headers: json(writer.token),
        body: JSON.stringify(SPEC_ORDER),
      },
      kitchen,
    ],
  };
}
