import { eventually } from '../../../test/support/eventually';
import { Client } from 'pg';
import {
  bootTestPlatform,
  SPEC_ORDER,
  testDatabaseUrl,
  useOwnDatabase,
  type TestPlatform,
  type TestTenant,
} from '../../../test/support/test-platform';

export const PAYMENT_ID = /^pay_[0-9a-z]{26}$/;
export const REFUND_ID = /^ref_[0-9a-z]{26}$/;

/** The simulated terminal's timing in these tests: a quick card, a short wait for none. */
export const TERMINAL_ENV = {
  SOTTO_TERMINAL_SIM_DELAY_MS: '300',
  SOTTO_TERMINAL_TIMEOUT_MS: '1500',
};

/**
 * Boots the file's platform, with the test terminal's timing, on a database of the file's own
 * (created before its tests, dropped after): card payments are claimed by any platform's runner
 * on a database, so these short terminal settings must never meet another file's platform.
 */
export function bootOnOwnDatabase(
  booted: (platform: TestPlatform) => void,
  env: Record<string, string> = TERMINAL_ENV,
): void {
  let platform: TestPlatform | undefined;
  let ownDatabase: Awaited<ReturnType<typeof useOwnDatabase>> | undefined;
  beforeAll(async () => {
    ownDatabase = await useOwnDatabase();
    platform = await bootTestPlatform(env);
    booted(platform);
  }, 120_000);
  afterAll(async () => {
    await platform?.stop();
    await ownDatabase?.drop();
  });
}

/** The spec's order (18.70), taken to `served` through the kitchen's steps, over REST. */
export async function servedOrder(tenant: TestTenant, body: unknown = SPEC_ORDER): Promise<any> {
  const created = await tenant.rest('POST', '/orders', body);
  if (created.status !== 201) throw new Error(`creating the order failed: ${created.text}`);
  let order = created.body;
  for (const status of ['in_progress', 'ready', 'served']) {
    const moved = await tenant.rest('PATCH', `/orders/${order.order_id}/status`, { status });
    if (moved.status !== 200) throw new Error(`moving the order failed: ${moved.text}`);
    order = moved.body;
  }
  return order;
}

/** Polls GET /payments/{id} until the payment is completed or failed. */
export async function settledPayment(tenant: TestTenant, id: string): Promise<any> {
  const answer = await eventually(
    () => tenant.rest('GET', `/payments/${id}`),
    (read) => read.body?.status === 'completed' || read.body?.status === 'failed',
  );
  return answer.body;
}

export async function orderStatus(tenant: TestTenant, orderId: string): Promise<string> {
  return (await tenant.rest('GET', `/orders/${orderId}`)).body.status;
}

/** The order's payments and what it still owes, through federation. */
export async function orderPayments(tenant: TestTenant, orderId: string) {
  const answer = await tenant.graphql(
    `query ($id: ID!) { order(id: $id) { status total { cents } amountDue { cents currency }
        payments { id status amount { cents } tip { cents } refunded { cents } } } }`,
    { id: orderId },
  );
  if (!answer.body.data?.order) throw new Error(`reading the order failed: ${answer.text}`);
  return answer.body.data.order;
}

/** One statement on the test database, outside the platform (as an operator would). */
export async function sql(text: string, values: unknown[] = []) {
  const client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

/** The events of one aggregate, oldest first, straight from the log. */
export async function eventsOf(aggregateId: string): Promise<{ type: string; payload: any }[]> {
  const { rows } = await sql(
    `select type, payload from events.event_log where aggregate_id = $1 order by tx_id, seq`,
    [aggregateId],
  );
  return rows;
}

/** What orders noted the order's payments received (`orders.orders.paid_cents`). */
export async function paidCentsNoted(orderId: string): Promise<number> {
  const { rows } = await sql('select paid_cents from orders.orders where id = $1', [orderId]);
  return rows[0].paid_cents;
}
