import { eventually } from '../../../test/support/eventually';
import { Client } from 'pg';
import {
  bootTestPlatform,
  createScratchDatabase,
  SPEC_ORDER,
  type TestPlatform,
} from '../../../test/support/test-platform';
import { WebhookReceiver } from './webhook-receiver';

/**
 * What must survive: a burst over the per-endpoint rate, and the platform stopped in the middle
 * of a burst and started again on the same database. Each runs on a database of its own.
 */
let receiver: WebhookReceiver;
beforeAll(async () => {
  receiver = await new WebhookReceiver().start();
});
afterAll(() => receiver?.stop());

async function withScratch<T>(work: (url: string) => Promise<T>): Promise<T> {
  const scratch = await createScratchDatabase();
  try {
    return await work(scratch.url);
  } finally {
    await scratch.drop();
  }
}

it('over the rate limit, deliveries wait in the queue and none is dropped', async () => {
  await withScratch(async (url) => {
    const platform = await bootTestPlatform({
      DATABASE_URL: url,
      SOTTO_WEBHOOK_RATE_PER_MINUTE: '5',
      SOTTO_WEBHOOK_RETRY_SCHEDULE: '0.2',
    });
    try {
      const tenant = await platform.tenant({ role: 'admin' });
      const created = await tenant.rest('POST', '/webhooks', {
        event: 'order.created',
        target_url: receiver.url('/limited'),
      });
      const orders: string[] = [];
      for (let i = 0; i < 8; i++) {
        orders.push((await tenant.rest('POST', '/orders', SPEC_ORDER)).body.order_id);
      }
      await receiver.until(() => receiver.on('/limited').length === 5);
      // Well past the time the other three would take: they wait for the minute to pass.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect(receiver.on('/limited')).toHaveLength(5);
      const log = await tenant.rest('GET', `/webhooks/${created.body.webhook_id}/deliveries`);
      const waiting = log.body.data.filter((delivery: any) => delivery.status === 'pending');
      expect(waiting).toHaveLength(3);
      for (const delivery of waiting) expect(delivery.attempt_count).toBe(0);

      // A minute later (moved back in the database rather than waited for), the rest go out.
      const db = new Client({ connectionString: url });
      await db.connect();
      await db.query(
        `update webhooks.webhook_attempts set started_at = started_at - interval '61 seconds'`,
      );
      await db.end();
      await receiver.until(() => receiver.on('/limited').length === 8);
      const delivered = receiver.on('/limited').map((request) => request.json.data.order_id);
      expect(delivered.sort()).toEqual([...orders].sort());
    } finally {
      await platform.stop();
    }
  });
}, 90_000);

it('stopped or killed in the middle of a burst and started again, the platform delivers every event', async () => {
  await withScratch(async (url) => {
    let platform: TestPlatform | undefined = await bootTestPlatform({ DATABASE_URL: url });
    try {
      const tenant = await platform.tenant({ role: 'admin' });
      const other = await platform.tenant({ role: 'admin' });
      await tenant.rest('POST', '/webhooks', { event: '*', target_url: receiver.url('/burst') });
      await other.rest('POST', '/webhooks', { event: '*', target_url: receiver.url('/other') });
      // A slow receiver (a second an answer), and the burst made at once: the platform is
      // stopped while most of it is still queued or on its way.
      receiver.delayMs = 1000;
      const orders: string[] = [];
      for (let batch = 0; batch < 3; batch++) {
        const created = await Promise.all(
          Array.from({ length: 10 }, () => tenant.rest('POST', '/orders', SPEC_ORDER)),
        );
        orders.push(...created.map((answer) => answer.body.order_id as string));
      }
      await other.rest('POST', '/orders', SPEC_ORDER);
      const events = await eventIds(url, tenant.restaurantId);
      expect(events).toHaveLength(30);

      // Some of the burst has arrived, not all of it: stop everything there.
      await receiver.until(() => receiver.on('/burst').length >= 3);
      await platform.stop();
      platform = undefined;
      const beforeRestart = new Set(receiver.on('/burst').map(webhookId));
      expect(beforeRestart.size).toBeLessThan(30);

      // A worker killed outright, not stopped, leaves the deliveries it had claimed leased: as
      // if so, two of the waiting ones are leased for an hour.
      const leased = await leaseTwoPending(url, tenant.restaurantId);
      expect(leased).toHaveLength(2);

      platform = await bootTestPlatform({ DATABASE_URL: url });
      await receiver.until(() => new Set(receiver.on('/burst').map(webhookId)).size === 28, 30_000);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const sent = new Set(receiver.on('/burst').map(webhookId));
      expect(leased.filter((id) => sent.has(id))).toEqual([]);
      // When the leases run out (moved to the past rather than waited for), they are sent.
      await expireLeases(url);
      await receiver.until(() => new Set(receiver.on('/burst').map(webhookId)).size === 30, 30_000);
      const delivered = new Set(receiver.on('/burst').map(webhookId));
      expect([...delivered].sort()).toEqual([...events].sort());
      const orderIds = new Set(receiver.on('/burst').map((request) => request.json.data.order_id));
      expect([...orderIds].sort()).toEqual([...orders].sort());
      // The other restaurant's order went to its own endpoint, never to this one.
      await receiver.until(() => receiver.on('/other').length === 1);
      expect(orderIds.has(receiver.on('/other')[0]!.json.data.order_id)).toBe(false);

      // Every delivery is recorded as succeeded once all have arrived.
      await eventually(
        () => pendingDeliveries(url),
        (pending) => pending === 0,
      );
    } finally {
      receiver.delayMs = 0;
      await platform?.stop();
    }
  });
}, 120_000);

async function leaseTwoPending(url: string, restaurantId: string): Promise<string[]> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query<{ event_id: string }>(
      `update webhooks.webhook_deliveries set locked_until = now() + interval '1 hour'
        where id in (select id from webhooks.webhook_deliveries
                      where status = 'pending' and restaurant_id = $1
                      order by event_seq desc limit 2)
        returning event_id`,
      [restaurantId],
    );
    return rows.map((row) => row.event_id);
  } finally {
    await db.end();
  }
}

async function expireLeases(url: string): Promise<void> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query(
      `update webhooks.webhook_deliveries set locked_until = now() - interval '1 second'
        where locked_until > now() + interval '10 minutes'`,
    );
  } finally {
    await db.end();
  }
}

const webhookId = (request: { headers: Record<string, unknown> }) =>
  String(request.headers['webhook-id']);

async function eventIds(url: string, restaurantId: string): Promise<string[]> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query<{ id: string }>(
      `select id from events.event_log where restaurant_id = $1`,
      [restaurantId],
    );
    return rows.map((row) => row.id);
  } finally {
    await db.end();
  }
}

async function pendingDeliveries(url: string): Promise<number> {
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query<{ count: string }>(
      `select count(*) from webhooks.webhook_deliveries where status <> 'succeeded'`,
    );
    return Number(rows[0]!.count);
  } finally {
    await db.end();
  }
}
