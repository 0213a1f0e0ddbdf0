import { Client } from 'pg';
import {
  bootTestPlatform,
  testDatabaseUrl,
  type TestPlatform,
  type TestTenant,
} from '../../../test/support/test-platform';

/**
 * Registering, reading, rotating and deleting endpoints, over REST and GraphQL. Targets point
 * at a closed port: what is delivered is proven in webhooks-delivery.test.ts.
 */
let platform: TestPlatform;
beforeAll(async () => {
  platform = await bootTestPlatform();
});
afterAll(() => platform?.stop());

const TARGET = 'http://127.0.0.1:9/hooks';
const admin = () => platform.tenant({ role: 'admin', menu: false });
const list = async (tenant: TestTenant) => (await tenant.rest('GET', '/webhooks')).body.data;

async function sealedSecretOf(id: string): Promise<string> {
  const db = new Client({ connectionString: testDatabaseUrl() });
  await db.connect();
  try {
    const { rows } = await db.query(
      `select secret_sealed from webhooks.webhook_endpoints where id = $1`,
      [id],
    );
    return rows[0].secret_sealed;
  } finally {
    await db.end();
  }
}

describe('POST /api/v1/webhooks', () => {
  it('registers the spec’s example and never echoes its secret', async () => {
    const tenant = await admin();
    const answer = await tenant.rest('POST', '/webhooks', {
      event: 'order.created',
      target_url: 'http://127.0.0.1:9/webhooks/sotto/orders',
      secret: 'votre_clé_secrète',
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      webhook_id: expect.stringMatching(/^whk_[0-9a-z]{26}$/),
      events: ['order.created'],
      target_url: 'http://127.0.0.1:9/webhooks/sotto/orders',
      description: null,
      status: 'enabled',
      disabled_reason: null,
      disabled_at: null,
      failing_since: null,
      previous_secret_expires_at: null,
      created_at: expect.any(String),
      updated_at: expect.any(String),
    });
    expect(answer.text).not.toContain('votre');
    const sealed = await sealedSecretOf(answer.body.webhook_id);
    expect(sealed).toMatch(/^v1\./);
    expect(sealed).not.toContain('votre');
  });

  it('keeps to 50 endpoints a restaurant, even when creations come at once', async () => {
    const tenant = await admin();
    const create = () => tenant.rest('POST', '/webhooks', { event: '*', target_url: TARGET });
    for (let i = 0; i < 48; i++) expect((await create()).status).toBe(201);
    // Room for two more; four ask at once: two are written, two refused.
    const answers = await Promise.all([create(), create(), create(), create()]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 201, 409, 409]);
    const refused = answers.find((answer) => answer.status === 409)!;
    expect(refused.body.error).toMatchObject({
      code: 'conflict',
      message: 'A restaurant may have 50 webhooks',
    });
    expect(await list(tenant)).toHaveLength(50);
  });

  it('generates a whsec_ secret when none is given and shows it this once', async () => {
    const tenant = await admin();
    const answer = await tenant.rest('POST', '/webhooks', {
      event: ['order.created', 'order.status_changed', 'order.created'],
      target_url: TARGET,
      description: 'caisse',
    });
    expect(answer.status).toBe(201);
    expect(answer.body.secret).toMatch(/^whsec_/);
    expect(answer.body.events).toEqual(['order.created', 'order.status_changed']);
    const again = await tenant.rest('GET', `/webhooks/${answer.body.webhook_id}`);
    expect(again.status).toBe(200);
    expect(again.text).not.toContain(answer.body.secret.slice(6));
    expect(again.body.secret).toBeUndefined();
    expect(await list(tenant)).toEqual([again.body]);
  });

  it('takes * for every event', async () => {
    const tenant = await admin();
    const answer = await tenant.rest('POST', '/webhooks', { event: '*', target_url: TARGET });
    expect(answer.body.events).toEqual(['*']);
  });

  it.each([
    ['an unknown event', { event: 'order.deleted', target_url: TARGET }, 'event'],
    ['no event', { event: [], target_url: TARGET }, 'event'],
    ['a URL that is not http(s)', { event: '*', target_url: 'ftp://example.com/x' }, 'target_url'],
    ['no URL at all', { event: '*', target_url: 'pas une url' }, 'target_url'],
    ['a missing URL', { event: '*' }, 'target_url'],
    ['a short secret', { event: '*', target_url: TARGET, secret: 'court' }, 'secret'],
    [
      'a malformed whsec_ secret',
      { event: '*', target_url: TARGET, secret: 'whsec_ceci nest pas du base64' },
      'secret',
    ],
    ['an unknown field', { event: '*', target_url: TARGET, events: ['*'] }, '(body)'],
  ])('refuses %s with 422 and writes nothing', async (_name, body, field) => {
    const tenant = await admin();
    const answer = await tenant.rest('POST', '/webhooks', body);
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('invalid_field');
    expect(JSON.stringify(answer.body.error.details)).toContain(
      field === 'secret' ? 'secret' : field,
    );
    expect(await list(tenant)).toEqual([]);
  });

  it('in production, refuses targets on private, loopback or link-local addresses', async () => {
    const tenant = await platform.tenant({ role: 'admin', menu: false, environment: 'production' });
    for (const target of [
      'http://127.0.0.1:8080/hooks',
      'http://localhost/hooks',
      'http://169.254.169.254/latest/meta-data',
      'http://10.0.0.5/hooks',
      'http://[::1]/hooks',
    ]) {
      const answer = await tenant.rest('POST', '/webhooks', { event: '*', target_url: target });
      expect([target, answer.status, answer.body.error?.code]).toEqual([
        target,
        422,
        'webhook_target_refused',
      ]);
    }
    expect(await list(tenant)).toEqual([]);
    const publicTarget = await tenant.rest('POST', '/webhooks', {
      event: '*',
      target_url: 'https://93.184.216.34/hooks',
    });
    expect(publicTarget.status).toBe(201);
  });
});

describe('reading, deleting, rotating', () => {
  it('deletes an endpoint: it is a 404 afterwards', async () => {
    const tenant = await admin();
    const { body } = await tenant.rest('POST', '/webhooks', { event: '*', target_url: TARGET });
    const deleted = await tenant.rest('DELETE', `/webhooks/${body.webhook_id}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ webhook_id: body.webhook_id, deleted: true });
    for (const [method, path] of [
      ['GET', `/webhooks/${body.webhook_id}`],
      ['DELETE', `/webhooks/${body.webhook_id}`],
      ['GET', `/webhooks/${body.webhook_id}/deliveries`],
      ['GET', '/webhooks/whk_unknown'],
      ['GET', '/webhooks/not-an-id'],
    ] as const) {
      const answer = await tenant.rest(method, path);
      expect([path, answer.status, answer.body.error.code]).toEqual([
        path,
        404,
        'webhook_not_found',
      ]);
    }
    expect(await list(tenant)).toEqual([]);
  });

  it('rotation validates its input and keeps the old secret for the overlap', async () => {
    const tenant = await admin();
    const { body } = await tenant.rest('POST', '/webhooks', { event: '*', target_url: TARGET });
    const before = await sealedSecretOf(body.webhook_id);
    const bad = await tenant.rest('POST', `/webhooks/${body.webhook_id}/rotate-secret`, {
      overlap_seconds: -1,
    });
    expect(bad.status).toBe(422);
    expect(await sealedSecretOf(body.webhook_id)).toBe(before);

    const rotated = await tenant.rest('POST', `/webhooks/${body.webhook_id}/rotate-secret`, {});
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    const expires = Date.parse(rotated.body.previous_secret_expires_at);
    expect(expires - Date.now()).toBeGreaterThan(23 * 3_600_000);
    expect(await sealedSecretOf(body.webhook_id)).not.toBe(before);
  });

  it('a redelivery of an event the endpoint never had is a 404', async () => {
    const tenant = await admin();
    const { body } = await tenant.rest('POST', '/webhooks', { event: '*', target_url: TARGET });
    const answer = await tenant.rest(
      'POST',
      `/webhooks/${body.webhook_id}/deliveries/evt_01unknown/redeliver`,
    );
    expect(answer.status).toBe(404);
    expect(answer.body.error.code).toBe('webhook_delivery_not_found');
  });
});

describe('GraphQL', () => {
  it('manages endpoints with the same rules; the secret is no field of Webhook', async () => {
    const tenant = await admin();
    const created = await tenant.graphql(
      `mutation ($input: CreateWebhookInput!) {
         createWebhook(input: $input) { secret webhook { id events targetUrl status } } }`,
      { input: { events: ['inventory.low_stock'], targetUrl: TARGET } },
    );
    expect(created.body.errors).toBeUndefined();
    const { webhook, secret } = created.body.data.createWebhook;
    expect(secret).toMatch(/^whsec_/);
    expect(webhook).toMatchObject({ events: ['inventory.low_stock'], status: 'ENABLED' });

    const read = await tenant.graphql(`query { webhooks { id deliveries { id } } }`);
    expect(read.body.data.webhooks).toEqual([{ id: webhook.id, deliveries: [] }]);
    const secretField = await tenant.graphql(`query { webhooks { id secret } }`);
    expect(secretField.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');

    const invalid = await tenant.graphql(
      `mutation { createWebhook(input: { events: ["nope"], targetUrl: "${TARGET}" }) { secret } }`,
    );
    expect(invalid.body.errors[0].extensions.code).toBe('INVALID_FIELD');

    const deleted = await tenant.graphql(`mutation ($id: ID!) { deleteWebhook(id: $id) { id } }`, {
      id: webhook.id,
    });
    expect(deleted.body.data.deleteWebhook.id).toBe(webhook.id);
    expect((await tenant.graphql(`query { webhooks { id } }`)).body.data.webhooks).toEqual([]);
  });

  it('is refused to keys without webhooks:manage, and open to integrators with it', async () => {
    const owner = await admin();
    const manager = await platform.tenant({
      restaurantId: owner.restaurantId,
      role: 'manager',
      menu: false,
    });
    const integrator = await platform.tenant({
      restaurantId: owner.restaurantId,
      role: 'integrator',
      scopes: ['webhooks:manage'],
      menu: false,
    });
    const refused = await manager.rest('POST', '/webhooks', { event: '*', target_url: TARGET });
    expect(refused.status).toBe(403);
    expect(refused.body.error.details).toMatchObject({ required: 'webhooks:manage' });
    const allowed = await integrator.rest('POST', '/webhooks', { event: '*', target_url: TARGET });
    expect(allowed.status).toBe(201);
    expect(await list(owner)).toHaveLength(1);
  });
});
