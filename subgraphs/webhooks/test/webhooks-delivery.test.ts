import { Webhook } from 'standardwebhooks';
import {
  bootTestPlatform,
  createScratchDatabase,
  SPEC_ORDER,
  type TestPlatform,
  type TestTenant,
} from '../../../test/support/test-platform';
import { eventually, WebhookReceiver } from './webhook-receiver';

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
