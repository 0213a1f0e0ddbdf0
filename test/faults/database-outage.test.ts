import { eventually } from '../support/eventually';
import { Client } from 'pg';
import { httpClient, type Request } from '../../gateway/test/support/gateway-replica';
import { WebhookReceiver } from '../../subgraphs/webhooks/test/webhook-receiver';
import { applicationName } from '../../platform/src/database/application-name';
import { PlatformProcess } from '../support/platform-process';
import { TcpFaultProxy } from '../support/tcp-fault-proxy';
import { createScratchDatabase, SPEC_ORDER } from '../support/test-platform';

/**
 * PostgreSQL going away and coming back, simulated by a proxy between the platform and the
 * server that drops every connection and refuses new ones, then lets them through again. The
 * platform runs as `npm start` does, in a child process, on a database of its own reached
 * only through the proxy.
 */
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let proxy: TcpFaultProxy;
let receiver: WebhookReceiver;
let platform: PlatformProcess;
let db: Client;
let request: Request;
let auth: Record<string, string>;

/** A REST call of the demo restaurant's key. */
const rest = (method: string, path: string, body?: unknown) =>
  request(method, `/api/v1${path}`, { body, headers: auth });

beforeAll(async () => {
  scratch = await createScratchDatabase();
  proxy = await TcpFaultProxy.forUrl(scratch.url).start();
  receiver = await new WebhookReceiver().start();
  platform = await PlatformProcess.start(proxy.url(scratch.url), {
    // A delivery that failed during the outage is tried again within a second, not five.
    SOTTO_WEBHOOK_RETRY_SCHEDULE: '0.5,1,1,1,1,1,1,1,1,1',
    SOTTO_WEBHOOK_RATE_PER_MINUTE: '100000',
  });
  request = httpClient(platform.url);
  auth = { authorization: `Bearer ${await platform.token()}` };
  db = new Client({ connectionString: scratch.url });
  await db.connect();
});
afterAll(async () => {
  await platform?.stop();
  await db?.end();
  await proxy?.stop();
  await receiver?.stop();
  await scratch?.drop();
});

/** The platform's listening connections, seen from the server's side. */
async function listeners(): Promise<number> {
  const { rows } = await db.query<{ count: string }>(
    `select count(*) from pg_stat_activity
      where datname = current_database() and application_name like $1`,
    [applicationName('listener', '%')],
  );
  return Number(rows[0]!.count);
}

async function servedOrder(): Promise<string> {
  const created = await rest('POST', '/orders', SPEC_ORDER);
  expect(created.status).toBe(201);
  for (const status of ['in_progress', 'ready', 'served']) {
    const moved = await rest('PATCH', `/orders/${created.body.order_id}/status`, { status });
    expect(moved.status).toBe(200);
  }
  return created.body.order_id;
}

it('answers 503 in the envelope while the database is unreachable, then recovers without a restart and loses nothing', async () => {
  const hook = await rest('POST', '/webhooks', {
    event: '*',
    target_url: receiver.url('/outage'),
  });
  expect(hook.status).toBe(201);
  // The endpoint gets the events appended from now on, not those of the demo's seed before it.
  const { rows: head } = await db.query<{ seq: string }>(
    'select coalesce(max(seq), 0)::text as seq from events.event_log',
  );

  // Acknowledged before the outage: orders, and a served order paid in cash at the last moment.
  const acknowledged: string[] = [];
  for (let i = 0; i < 5; i++) {
    const created = await rest('POST', '/orders', SPEC_ORDER);
    expect(created.status).toBe(201);
    acknowledged.push(created.body.order_id);
  }
  const paidInCash = await servedOrder();
  const listening = await eventually(listeners, (count) => count > 0);
  const cash = await rest('POST', '/payments', { order_id: paidInCash, method: 'cash' });
  expect(cash.status).toBe(201);

  proxy.cut();

  // Reads and writes fail with 503 in the envelope rather than hang (jest's timeout is the bound).
  const read = await rest('GET', `/orders/${acknowledged[0]}`);
  expect(read.status).toBe(503);
  expect(read.body.error).toMatchObject({
    code: 'service_unavailable',
    details: { service: 'database' },
  });
  expect(read.body.error.request_id).toEqual(expect.any(String));
  const write = await rest('POST', '/orders', SPEC_ORDER);
  expect(write.status).toBe(503);
  expect(write.body.error.code).toBe('service_unavailable');
  const payment = await rest('POST', '/payments', {
    order_id: acknowledged[1],
    method: 'cash',
  });
  expect(payment.status).toBe(503);
  const ready = await request('GET', '/readyz');
  expect(ready.status).toBe(503);
  expect(ready.body.checks.database).toBe(false);

  proxy.restore();

  // Writes succeed again, on the same processes (pools reconnect on demand).
  const after = await eventually(
    () => rest('POST', '/orders', SPEC_ORDER),
    (answer) => answer.status !== 503,
  );
  expect(after.status).toBe(201);
  acknowledged.push(after.body.order_id);
  expect((await request('GET', '/readyz')).status).toBe(200);

  // Every acknowledged write is there.
  for (const id of acknowledged) {
    expect((await rest('GET', `/orders/${id}`)).status).toBe(200);
  }
  const { rows: stored } = await db.query<{ id: string }>(
    'select id from orders.orders where id = any($1)',
    [acknowledged],
  );
  expect(stored).toHaveLength(acknowledged.length);

  // The LISTEN connections came back by themselves...
  await eventually(listeners, (count) => count === listening);
  // ...and the consumers caught up from their cursors: the cash payment paid its order, once.
  await eventually(
    async () => (await rest('GET', `/orders/${paidInCash}`)).body.status,
    (status) => status === 'paid',
  );
  const { rows: paidChanges } = await db.query(
    `select id from events.event_log
      where aggregate_id = $1 and type = 'order.status_changed'
        and payload->'order'->>'status' = 'paid'`,
    [paidInCash],
  );
  expect(paidChanges).toHaveLength(1);

  // Every event reached the webhook receiver, the outage notwithstanding. A delivery the worker
  // had leased when the database went away is taken again once its 30-second lease runs out, so
  // the bound is that lease plus the retry, not a speed.
  const { rows: events } = await db.query<{ id: string }>(
    'select id from events.event_log where seq > $1',
    [head[0]!.seq],
  );
  const delivered = () => new Set(receiver.on('/outage').map((r) => r.headers['webhook-id']));
  await receiver.until(() => events.every((event) => delivered().has(event.id)), 75_000);
}, 180_000);
