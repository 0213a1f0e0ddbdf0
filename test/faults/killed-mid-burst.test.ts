import { eventually } from '../support/eventually';
import { Client } from 'pg';
import { WebhookReceiver } from '../../subgraphs/webhooks/test/webhook-receiver';
import { PlatformProcess } from '../support/platform-process';
import { createScratchDatabase, SPEC_ORDER } from '../support/test-platform';

/**
 * SIGKILL at the worst moment: the platform (`npm start` in a child process, on a database of
 * its own) is killed in the middle of a burst of orders, cash payments and stock movements
 * while webhooks flow to a receiver, then started again. Whatever was acknowledged is there,
 * and every consumer of the event log resumes from its cursor: no effect lost, none doubled.
 */
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let receiver: WebhookReceiver;
let db: Client;
beforeAll(async () => {
  scratch = await createScratchDatabase();
  receiver = await new WebhookReceiver().start();
  db = new Client({ connectionString: scratch.url });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await receiver?.stop();
  await scratch?.drop();
});

const CONSUMERS = ['inventory.order-stock', 'orders.payment-settlement', 'webhooks.fan-out'];
/** Orders acknowledged when the process is killed; lanes of requests run side by side. */
const KILL_AFTER_ORDERS = 9;
const LANES = 3;

interface Acknowledged {
  orders: string[];
  payments: string[];
  movements: string[];
}

/** Whether every durable consumer's cursor is at the end of the log. */
async function caughtUp(): Promise<boolean> {
  const { rows } = await db.query<{ behind: boolean }>(
    `select c.consumer, (c.tx_id, c.seq) < (select tx_id, seq from events.event_log
                                            order by tx_id desc, seq desc limit 1) as behind
       from events.consumer_cursors c where c.consumer = any($1)`,
    [CONSUMERS],
  );
  return rows.length === CONSUMERS.length && rows.every((row) => !row.behind);
}

async function burst(
  platform: PlatformProcess,
  token: string,
  stockItemId: string,
): Promise<Acknowledged> {
  const acknowledged: Acknowledged = { orders: [], payments: [], movements: [] };
  const call = async (method: string, path: string, body: unknown) => {
    const response = await fetch(`${platform.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, any>;
    if (response.status >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(json)}`);
    return json;
  };
  const lane = async () => {
    for (;;) {
      const order = await call('POST', '/orders', SPEC_ORDER);
      acknowledged.orders.push(order.order_id);
      if (acknowledged.orders.length === KILL_AFTER_ORDERS) platform.kill('SIGKILL');
      for (const status of ['in_progress', 'ready', 'served']) {
        await call('PATCH', `/orders/${order.order_id}/status`, { status });
      }
      const payment = await call('POST', '/payments', { order_id: order.order_id, method: 'cash' });
      acknowledged.payments.push(payment.payment_id);
      const movement = await call('POST', '/inventory/movements', {
        item_id: stockItemId,
        type: 'receipt',
        quantity: 1,
      });
      acknowledged.movements.push(movement.movement_id);
    }
  };
  // Each lane ends at its first failed call: the process is gone.
  await Promise.all(Array.from({ length: LANES }, () => lane().catch(() => {})));
  return acknowledged;
}

it('killed with SIGKILL mid-burst and started again, loses no acknowledged write and applies every effect once', async () => {
  const env = {
    SOTTO_WEBHOOK_RETRY_SCHEDULE: '0.5,1,1,1,1,1,1,1,1,1',
    SOTTO_WEBHOOK_RATE_PER_MINUTE: '100000',
  };
  let platform = await PlatformProcess.start(scratch.url, env);
  try {
    const token = await platform.token();
    const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const hook = await fetch(`${platform.url}/api/v1/webhooks`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ event: '*', target_url: receiver.url('/killed') }),
    });
    expect(hook.status).toBe(201);
    const { rows: head } = await db.query<{ seq: string }>(
      'select coalesce(max(seq), 0) as seq from events.event_log',
    );
    // The demo's seeded orders (written without events) are not the burst's.
    const { rows: seeded } = await db.query<{ id: string }>('select id from orders.orders');
    const seededIds = new Set(seeded.map((order) => order.id));
    const stock = (await (
      await fetch(`${platform.url}/api/v1/inventory/items?limit=1`, { headers: auth })
    ).json()) as { data: { item_id: string }[] };

    const acknowledged = await burst(platform, token, stock.data[0]!.item_id);
    expect(await platform.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(acknowledged.orders.length).toBeGreaterThanOrEqual(KILL_AFTER_ORDERS);

    platform = await PlatformProcess.start(scratch.url, env);
    // The killed process's webhook leases would run out in half a minute: moved to the past
    // rather than waited for.
    await db.query(
      `update webhooks.webhook_deliveries set locked_until = now() where locked_until > now()`,
    );
    await eventually(caughtUp, Boolean, 60_000);

    // Every acknowledged write is there.
    const { rows: orders } = await db.query<{ id: string; status: string; total_cents: number }>(
      'select id, status, total_cents from orders.orders',
    );
    const orderIds = orders.map((order) => order.id).filter((id) => !seededIds.has(id));
    expect(orderIds).toEqual(expect.arrayContaining(acknowledged.orders));
    const { rows: payments } = await db.query<{ id: string }>(
      `select id from payments.payments where id = any($1) and status = 'completed'`,
      [acknowledged.payments],
    );
    expect(payments).toHaveLength(acknowledged.payments.length);
    const { rows: movements } = await db.query<{ id: string }>(
      'select id from inventory.stock_movements where id = any($1)',
      [acknowledged.movements],
    );
    expect(movements).toHaveLength(acknowledged.movements.length);

    // Every order of the burst its completed payments cover is paid, by exactly one status change.
    const { rows: covered } = await db.query<{ order_id: string }>(
      `select p.order_id from payments.payments p join orders.orders o on o.id = p.order_id
        where p.status = 'completed' and o.id = any($1)
        group by p.order_id, o.total_cents
       having sum(p.amount_cents - p.refunded_cents) >= o.total_cents`,
      [orderIds],
    );
    expect(covered.length).toBeGreaterThanOrEqual(acknowledged.payments.length);
    const { rows: paidChanges } = await db.query<{ aggregate_id: string; changes: string }>(
      `select aggregate_id, count(*) as changes from events.event_log
        where type = 'order.status_changed' and payload->'order'->>'status' = 'paid'
        group by aggregate_id`,
    );
    const changesOf = new Map(paidChanges.map((row) => [row.aggregate_id, Number(row.changes)]));
    for (const { order_id } of covered) {
      expect([order_id, orders.find((order) => order.id === order_id)?.status]).toEqual([
        order_id,
        'paid',
      ]);
      expect([order_id, changesOf.get(order_id)]).toEqual([order_id, 1]);
    }

    // Stock was taken once per order: one sale per order item and recipe line, none missing.
    const { rows: expectedSales } = await db.query<{ order_id: string; sales: string }>(
      `select oi.order_id, count(*) as sales from orders.order_items oi
         join inventory.recipe_lines r on r.menu_item_id = oi.menu_item_id
        where oi.status <> 'cancelled' and oi.order_id = any($1) group by oi.order_id`,
      [orderIds],
    );
    const { rows: sales } = await db.query<{ order_id: string; sales: string }>(
      `select order_id, count(*) as sales from inventory.stock_movements
        where type = 'sale' and order_id = any($1) group by order_id`,
      [orderIds],
    );
    const salesOf = (rows: typeof sales) =>
      Object.fromEntries(rows.map((row) => [row.order_id, Number(row.sales)]));
    expect(Object.keys(salesOf(expectedSales)).sort()).toEqual([...orderIds].sort());
    expect(salesOf(sales)).toEqual(salesOf(expectedSales));

    // Every event since the webhook was created reached the receiver at least once.
    const { rows: events } = await db.query<{ id: string }>(
      'select id from events.event_log where seq > $1',
      [head[0]!.seq],
    );
    const received = () => receiver.on('/killed').map((request) => request.headers['webhook-id']);
    const missing = () => {
      const seen = new Set(received());
      return events.filter((event) => !seen.has(event.id)).map((event) => event.id);
    };
    await eventually(
      async () => missing(),
      (left) => left.length === 0,
      60_000,
    );
    const duplicates = received().length - new Set(received()).size;
    console.info(
      `killed mid-burst: ${acknowledged.orders.length} orders, ${acknowledged.payments.length} ` +
        `payments, ${acknowledged.movements.length} movements acknowledged; ${events.length} ` +
        `events delivered, ${duplicates} duplicate deliveries (at-least-once)`,
    );
  } finally {
    await platform.stop();
  }
}, 180_000);
