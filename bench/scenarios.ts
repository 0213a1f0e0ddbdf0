import { at, fridayAhead } from '../subgraphs/reservations/test/floor';
import { SPEC_ORDER, type TestPlatform, type TestTenant } from '../test/support/test-platform';

/** One HTTP request that a scenario repeats under load, on the platform and on the bare server. */
export interface HttpScenario {
  name: string;
  /** What the issue asks of it on this machine, in words; empty: no target. */
  target: string;
  /** Whether a run meets the target. */
  meets?: (figures: { requestsPerSecond: number; p99: number }) => boolean;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
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

export interface PreparedScenarios {
  scenarios: HttpScenario[];
  notes: string[];
}

/** Restaurants, keys and data for the HTTP scenarios, then the scenarios themselves. */
export async function prepareHttpScenarios(platform: TestPlatform): Promise<PreparedScenarios> {
  // Reads: a restaurant whose menu items have recipes and stock, so `available` and
  // `portionsLeft` are computed by the inventory subgraph.
  const reader = await platform.tenant({ stock: true, ...UNLIMITED });
  const orderId = await paidOrder(reader);
  // Writes: stock would run out after a few hundred orders and turn them into 422s.
  const writer = await platform.tenant({ ...UNLIMITED });
  const host = await platform.tenant({ ...UNLIMITED });
  const evening = await busyEvening(host);
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
      path: `/api/v1/orders/${orderId}`,
      headers: { authorization: `Bearer ${reader.token}` },
    },
    {
      name: 'GraphQL order across orders, menu, payments, stock',
      target: 'p99 < 40 ms',
      meets: ({ p99 }) => p99 < 40,
      method: 'POST',
      path: '/graphql',
      headers: json(reader.token),
      body: JSON.stringify({ query: FEDERATED_ORDER_QUERY, variables: { id: orderId } }),
    },
    {
      name: 'REST GET /api/v1/tables/availability',
      target: '',
      method: 'GET',
      path: `/api/v1/tables/availability?${availability}`,
      headers: { authorization: `Bearer ${host.token}` },
    },
  ];

  return {
    notes: [
      `GET and GraphQL read one order of the spec's two items, with a cash payment, on a restaurant with recipes and stock.`,
      `POST creates the spec's example order on a restaurant without recipes (stock is not counted, so it never runs out).`,
      `Before each scenario, and before its run against the gateway apart, the bench waits until every event-log consumer has read the whole log (the stock and webhooks of earlier orders), so that no run pays for another's background work.`,
      `Each read runs twice: repeated as a polling client does, answered by the gateway's read cache (the data does not change during the run), then with \`Cache-Control: no-cache\`, executed through the subgraphs and PostgreSQL every time.`,
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
        path: '/api/v1/orders',
        headers: json(writer.token),
        body: JSON.stringify(SPEC_ORDER),
      },
    ],
  };
}
