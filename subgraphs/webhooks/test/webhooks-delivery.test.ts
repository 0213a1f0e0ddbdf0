import { eventually } from '../../../test/support/eventually';
import { Client } from 'pg';
import { Webhook } from 'standardwebhooks';
import {
  bootTestPlatform,
  createScratchDatabase,
  SPEC_ORDER,
  type TestPlatform,
  type TestTenant,
} from '../../../test/support/test-platform';
import { WebhookReceiver } from './webhook-receiver';

/**
 * Delivery end to end, against a real HTTP receiver. The platform runs on a database of its
 * own with a retry schedule of fractions of a second, so that no other test file's workers
 * (with the default schedule) claim these deliveries.
 */
let platform: TestPlatform;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let receiver: WebhookReceiver;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  platform = await bootTestPlatform({
    DATABASE_URL: scratch.url,
    SOTTO_WEBHOOK_RETRY_SCHEDULE: '0.2,0.2,0.2',
    SOTTO_WEBHOOK_RATE_PER_MINUTE: '100',
  });
  receiver = await new WebhookReceiver().start();
}, 60_000);

afterAll(async () => {
  await platform?.stop();
  await receiver?.stop();
  await scratch?.drop();
});

async function admin(): Promise<TestTenant> {
  return platform.tenant({ role: 'admin' });
}

async function register(tenant: TestTenant, path: string, body: Record<string, unknown> = {}) {
  const answer = await tenant.rest('POST', '/webhooks', {
    event: '*',
    target_url: receiver.url(path),
    ...body,
  });
  expect(answer.status).toBe(201);
  return answer.body;
}

const deliveriesOf = async (tenant: TestTenant, id: string) =>
  (await tenant.rest('GET', `/webhooks/${id}/deliveries`)).body.data as any[];

describe('signing, per Standard Webhooks', () => {
  it('a generated whsec_ secret verifies with the standardwebhooks library', async () => {
    const tenant = await admin();
    const webhook = await register(tenant, '/generated', { event: 'order.created' });
    expect(webhook.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);

    const order = await tenant.rest('POST', '/orders', SPEC_ORDER);
    await receiver.until(() => receiver.on('/generated').length === 1);
    const [delivery] = receiver.on('/generated');
    const verified = new Webhook(webhook.secret).verify(delivery!.body, delivery!.headers as any);
    expect(verified).toEqual(delivery!.json);
    expect(delivery!.json).toMatchObject({
      type: 'order.created',
      data: {
        order_id: order.body.order_id,
        status: 'created',
        table_id: '12',
        subtotal: 17,
        tax: 1.7,
        total: 18.7,
      },
    });
    // The data is the order exactly as the REST API shows it, decimals and all.
    expect(delivery!.body).toContain('"total":18.70');
    const { etag: _etag, ...rest } = order.body;
    expect(delivery!.json.data).toEqual(rest);
    expect(delivery!.headers['webhook-id']).toMatch(/^evt_/);
    expect(delivery!.json.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('a plain secret such as the spec\'s "votre_clé_secrète" signs with its UTF-8 bytes', async () => {
    const tenant = await admin();
    const secret = 'votre_clé_secrète';
    const webhook = await register(tenant, '/plain', { event: ['order.created'], secret });
    expect(webhook.secret).toBeUndefined();
    expect(JSON.stringify(webhook)).not.toContain(secret);

    await tenant.rest('POST', '/orders', SPEC_ORDER);
    await receiver.until(() => receiver.on('/plain').length === 1);
    const [delivery] = receiver.on('/plain');
    const utf8 = new Webhook(new TextEncoder().encode(secret) as any, { format: 'raw' });
    expect(utf8.verify(delivery!.body, delivery!.headers as any)).toEqual(delivery!.json);
    // The library's own reading of a raw string takes one byte per character, which is not
    // UTF-8 for "é" and "è": integrators must pass the UTF-8 bytes (see the README).
    const latin1 = new Webhook(secret, { format: 'raw' });
    expect(() => latin1.verify(delivery!.body, delivery!.headers as any)).toThrow();
  });

  it('a changed body fails verification', async () => {
    const tenant = await admin();
    const webhook = await register(tenant, '/tampered', { event: 'order.created' });
    await tenant.rest('POST', '/orders', SPEC_ORDER);
    await receiver.until(() => receiver.on('/tampered').length === 1);
    const [delivery] = receiver.on('/tampered');
    const forged = delivery!.body.replace('"total":18.70', '"total":0.01');
    expect(forged).not.toBe(delivery!.body);
    expect(() => new Webhook(webhook.secret).verify(forged, delivery!.headers as any)).toThrow(
      /signature/i,
    );
  });
});

describe('payment events', () => {
  it('payment.completed carries the payment exactly as GET /payments/{id} shows it', async () => {
    const tenant = await admin();
    const webhook = await register(tenant, '/payments', { event: 'payment.completed' });
    const order = await tenant.rest('POST', '/orders', SPEC_ORDER);
    const paid = await tenant.rest('POST', '/payments', {
      order_id: order.body.order_id,
      method: 'cash',
      amount: 10,
    });
    expect(paid.status).toBe(201);
    await receiver.until(() => receiver.on('/payments').length === 1);
    const [delivery] = receiver.on('/payments');
    expect(new Webhook(webhook.secret).verify(delivery!.body, delivery!.headers as any)).toEqual(
      delivery!.json,
    );
    expect(delivery!.json.type).toBe('payment.completed');
    expect(delivery!.body).toContain('"amount":10.00');
    const read = await tenant.rest('GET', `/payments/${paid.body.payment_id}`);
    const { etag: _etag, ...shown } = read.body;
    expect(delivery!.json.data).toEqual(shown);
  });
});

describe('retries and disabling', () => {
  it('a receiver that fails twice then succeeds gets three attempts with the same webhook-id', async () => {
    const tenant = await admin();
    const webhook = await register(tenant, '/flaky', { event: 'order.created' });
    let calls = 0;
    const before = receiver.respond;
    receiver.respond = (request, index) =>
      request.path === '/flaky' ? (++calls <= 2 ? 503 : 200) : before(request, index);

    await tenant.rest('POST', '/orders', SPEC_ORDER);
    await receiver.until(() => receiver.on('/flaky').length === 3);
    const ids = receiver.on('/flaky').map((request) => request.headers['webhook-id']);
    expect(new Set(ids).size).toBe(1);
    for (const request of receiver.on('/flaky')) {
      expect(new Webhook(webhook.secret).verify(request.body, request.headers as any)).toBeTruthy();
    }

    const [delivery] = await eventually(
      () => deliveriesOf(tenant, webhook.webhook_id),
      (list) => list[0]?.status === 'succeeded',
    );
    expect(delivery).toMatchObject({
      event_id: ids[0],
      event_type: 'order.created',
      status: 'succeeded',
      attempt_count: 3,
      attempts: [
        { number: 1, status_code: 503, succeeded: false, error: 'the endpoint answered 503' },
        { number: 2, status_code: 503, succeeded: false },
        { number: 3, status_code: 200, succeeded: true, error: null },
      ],
    });
    for (const attempt of delivery.attempts) expect(attempt.latency_ms).toBeGreaterThanOrEqual(0);
    const after = await tenant.rest('GET', `/webhooks/${webhook.webhook_id}`);
    expect(after.body).toMatchObject({ status: 'enabled', failing_since: null });
    receiver.respond = before;
  });

  it('410 Gone disables the endpoint, with the reason visible; enabling it sends again', async () => {
    const tenant = await admin();
    const webhook = await register(tenant, '/gone', { event: 'order.created' });
    let gone = true;
    const before = receiver.respond;
    receiver.respond = (request, index) =>
      request.path === '/gone' ? (gone ? 410 : 200) : before(request, index);

    await tenant.rest('POST', '/orders', SPEC_ORDER);
    const disabled = await eventually(
      async () => (await tenant.rest('GET', `/webhooks/${webhook.webhook_id}`)).body,
      (body) => body.status === 'disabled',
    );
    expect(disabled.disabled_reason).toBe('the endpoint answered 410 Gone');
    expect(receiver.on('/gone')).toHaveLength(1);

    // Nothing more is sent to a disabled endpoint: not the next event, nor a test.
    await tenant.rest('POST', '/orders', SPEC_ORDER);
    const test = await tenant.rest('POST', `/webhooks/${webhook.webhook_id}/test`, {
      event: 'order.created',
    });
    expect(test.status).toBe(409);
    expect(test.body.error.code).toBe('webhook_disabled');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(receiver.on('/gone')).toHaveLength(1);

    gone = false;
    const enabled = await tenant.rest('POST', `/webhooks/${webhook.webhook_id}/enable`);
    expect(enabled.body).toMatchObject({ status: 'enabled', disabled_reason: null });
    const [first] = await deliveriesOf(tenant, webhook.webhook_id);
    const redelivered = await tenant.rest(
      'POST',
      `/webhooks/${webhook.webhook_id}/deliveries/${first.event_id}/redeliver`,
    );
    expect(redelivered.status).toBe(202);
    await receiver.until(() => receiver.on('/gone').length === 2);
    expect(receiver.on('/gone')[1]!.headers['webhook-id']).toBe(first.event_id);
    receiver.respond = before;
  });

  it('an endpoint that fails through the whole schedule is disabled, and says why', async () => {
    const tenant = await admin();
    const webhook = await register(tenant, '/down', { event: 'order.created' });
    const before = receiver.respond;
    receiver.respond = (request, index) =>
      request.path === '/down' ? 500 : before(request, index);

    await tenant.rest('POST', '/orders', SPEC_ORDER);
    const disabled = await eventually(
      async () => (await tenant.rest('GET', `/webhooks/${webhook.webhook_id}`)).body,
      (body) => body.status === 'disabled',
    );
    // The schedule has three delays: four attempts, then the endpoint is off.
    expect(receiver.on('/down')).toHaveLength(4);
    expect(disabled.disabled_reason).toMatch(
      /^every delivery has failed since .* after 4 attempts/,
    );
    expect(disabled.failing_since).not.toBeNull();
    const [delivery] = await deliveriesOf(tenant, webhook.webhook_id);
    expect(delivery).toMatchObject({ status: 'failed', attempt_count: 4, next_attempt_at: null });
    receiver.respond = before;
  });
});

describe('who receives what', () => {
  it("another restaurant's events, and the same restaurant's other environment, never arrive", async () => {
    const mine = await admin();
    const theirs = await admin();
    const myStaging = await platform.tenant({
      restaurantId: mine.restaurantId,
      environment: 'staging',
      role: 'admin',
    });
    await register(mine, '/mine');
    const ownOrder = await mine.rest('POST', '/orders', SPEC_ORDER);
    const foreign = await theirs.rest('POST', '/orders', SPEC_ORDER);
    const staged = await myStaging.rest('POST', '/orders', SPEC_ORDER);
    expect([ownOrder.status, foreign.status, staged.status]).toEqual([201, 201, 201]);

    await receiver.until(() => receiver.on('/mine').length >= 1);
    // A later event of my own, then a pause: the foreign ones had every chance to arrive.
    await mine.rest('PATCH', `/orders/${ownOrder.body.order_id}/status`, { status: 'in_progress' });
    await receiver.until(() => receiver.on('/mine').length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const orderIds = new Set(receiver.on('/mine').map((request) => request.json.data.order_id));
    expect([...orderIds]).toEqual([ownOrder.body.order_id]);

    // Nor can the other restaurant see or touch my endpoint: it is a 404 there.
    const [endpoint] = (await mine.rest('GET', '/webhooks')).body.data;
    for (const [method, path] of [
      ['GET', `/webhooks/${endpoint.webhook_id}`],
      ['DELETE', `/webhooks/${endpoint.webhook_id}`],
      ['GET', `/webhooks/${endpoint.webhook_id}/deliveries`],
      ['POST', `/webhooks/${endpoint.webhook_id}/test`],
    ] as const) {
      const answer = await theirs.rest(method, path, method === 'POST' ? {} : undefined);
      expect([path, answer.status]).toEqual([path, 404]);
    }
    expect((await theirs.rest('GET', '/webhooks')).body.data).toEqual([]);
  });

  it("one order's events arrive in order, even when the first needs retries", async () => {
    const tenant = await admin();
    await register(tenant, '/ordered', { event: ['order.created', 'order.status_changed'] });
    let failures = 2;
    const before = receiver.respond;
    receiver.respond = (request, index) =>
      request.path === '/ordered' && request.json.type === 'order.created' && failures-- > 0
        ? 500
        : before(request, index);

    const order = await tenant.rest('POST', '/orders', SPEC_ORDER);
    const id = order.body.order_id;
    await tenant.rest('PATCH', `/orders/${id}/status`, { status: 'in_progress' });
    await tenant.rest('PATCH', `/orders/${id}/status`, { status: 'ready' });
    await receiver.until(
      () =>
        receiver.on('/ordered').filter((request) => request.json.type !== 'order.created')
          .length === 2,
    );
    const sequence = receiver
      .on('/ordered')
      .map((request) => `${request.json.type}:${request.json.data.status}`);
    expect(sequence).toEqual([
      'order.created:created',
      'order.created:created',
      'order.created:created',
      'order.status_changed:in_progress',
      'order.status_changed:ready',
    ]);
    receiver.respond = before;
  });
});

describe('the simulator and secret rotation', () => {
  it('sends a signed sample of every event type, payments included', async () => {
    const tenant = await admin();
    const webhook = await register(tenant, '/samples', { event: 'reservation.created' });
    const types = [
      'order.created',
      'order.updated',
      'order.status_changed',
      'payment.completed',
      'payment.failed',
      'reservation.created',
      'reservation.arrived',
      'inventory.low_stock',
    ];
    for (const event of types) {
      const answer = await tenant.rest('POST', `/webhooks/${webhook.webhook_id}/test`, { event });
      expect(answer.status).toBe(202);
      expect(answer.body).toMatchObject({ event_type: event, test: true, status: 'pending' });
    }
    await receiver.until(() => receiver.on('/samples').length === types.length);
    const verifier = new Webhook(webhook.secret);
    const byType = Object.fromEntries(
      receiver
        .on('/samples')
        .map((request) => [
          request.json.type,
          verifier.verify(request.body, request.headers as any) as any,
        ]),
    );
    expect(Object.keys(byType).sort()).toEqual([...types].sort());
    expect(byType['order.created'].data).toMatchObject({ table_id: '12', total: 18.7 });
    expect(byType['payment.completed'].data).toMatchObject({ status: 'completed', amount: 18.7 });
    expect(byType['payment.failed'].data).toMatchObject({ status: 'failed' });
    expect(byType['reservation.arrived'].data).toMatchObject({ status: 'arrived', party_size: 4 });
    expect(byType['inventory.low_stock'].data).toMatchObject({ low_stock: true, quantity: 4 });

    const unknown = await tenant.rest('POST', `/webhooks/${webhook.webhook_id}/test`, {
      event: 'order.deleted',
    });
    expect(unknown.status).toBe(422);
  });

  it('after a rotation both secrets sign during the overlap, then only the new one', async () => {
    const tenant = await admin();
    const webhook = await register(tenant, '/rotated', { event: 'order.created' });
    const rotated = await tenant.rest('POST', `/webhooks/${webhook.webhook_id}/rotate-secret`, {
      overlap_seconds: 3600,
    });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(webhook.secret);
    expect(rotated.body.previous_secret_expires_at).not.toBeNull();

    await tenant.rest('POST', `/webhooks/${webhook.webhook_id}/test`, { event: 'order.created' });
    await receiver.until(() => receiver.on('/rotated').length === 1);
    const [during] = receiver.on('/rotated');
    expect(String(during!.headers['webhook-signature']).split(' ')).toHaveLength(2);
    for (const secret of [webhook.secret, rotated.body.secret]) {
      expect(new Webhook(secret).verify(during!.body, during!.headers as any)).toBeTruthy();
    }

    const given = 'un_autre_secret_assez_long';
    const again = await tenant.rest('POST', `/webhooks/${webhook.webhook_id}/rotate-secret`, {
      secret: given,
      overlap_seconds: 0,
    });
    expect(again.body.secret).toBeUndefined();
    expect(again.text).not.toContain(given);
    await tenant.rest('POST', `/webhooks/${webhook.webhook_id}/test`, { event: 'order.created' });
    await receiver.until(() => receiver.on('/rotated').length === 2);
    const after = receiver.on('/rotated')[1]!;
    const utf8 = new Webhook(new TextEncoder().encode(given) as any, { format: 'raw' });
    expect(utf8.verify(after.body, after.headers as any)).toBeTruthy();
    expect(() =>
      new Webhook(rotated.body.secret).verify(after.body, after.headers as any),
    ).toThrow();
  });
});

describe('server-side request forgery', () => {
  it('in production, a target that has come to point at a private address is not called', async () => {
    const tenant = await platform.tenant({ role: 'admin', environment: 'production' });
    const webhook = await tenant.rest('POST', '/webhooks', {
      event: '*',
      target_url: 'https://93.184.216.34/hooks',
    });
    expect(webhook.status).toBe(201);
    // As if its DNS name now answered 127.0.0.1: the check at delivery time still holds.
    const db = new Client({ connectionString: scratch.url });
    await db.connect();
    await db.query(`update webhooks.webhook_endpoints set target_url = $2 where id = $1`, [
      webhook.body.webhook_id,
      receiver.url('/ssrf'),
    ]);
    await db.end();

    await tenant.rest('POST', `/webhooks/${webhook.body.webhook_id}/test`, {
      event: 'order.created',
    });
    const [delivery] = await eventually(
      () => deliveriesOf(tenant, webhook.body.webhook_id),
      (list) => list[0]?.attempts.length >= 1,
    );
    expect(delivery.attempts[0]).toMatchObject({
      status_code: null,
      succeeded: false,
      error: expect.stringMatching(/^refused: 127\.0\.0\.1 is a private/),
    });
    expect(receiver.on('/ssrf')).toEqual([]);
  });
});
