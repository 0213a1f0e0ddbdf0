import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { SignJWT, generateKeyPair, decodeJwt, decodeProtectedHeader } from 'jose';
import { TEST_DEMO_API_KEY } from '../../test/support/constants';
import {
  bootTestPlatform,
  SPEC_ORDER,
  testDatabaseUrl,
  type TestPlatform,
} from '../../test/support/test-platform';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await bootTestPlatform();
});
afterAll(() => platform?.stop());

const token = (apiKey: unknown) =>
  platform.request('POST', '/api/v1/auth/token', { body: { api_key: apiKey } });

describe('POST /api/v1/auth/token', () => {
  it('exchanges an API key for a short-lived ES256 token carrying the tenant', async () => {
    const tenant = await platform.tenant();
    const answer = await token(tenant.apiKey);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 900,
    });
    expect(answer.headers.get('cache-control')).toBe('no-store');
    expect(decodeProtectedHeader(answer.body.access_token)).toMatchObject({
      alg: 'ES256',
      kid: expect.any(String),
    });
    const claims = decodeJwt(answer.body.access_token);
    expect(claims).toMatchObject({
      iss: 'sotto',
      aud: 'sotto-api',
      sub: tenant.keyId,
      rst: tenant.restaurantId,
      env: 'sandbox',
    });
    expect(claims.exp! - claims.iat!).toBe(900);
    expect(tenant.apiKey).toMatch(/^sk_sandbox_[0-9A-Za-z]{32}$/);
  });

  it('the demo key of SOTTO_DEMO_API_KEY works and sees the demo menu', async () => {
    const answer = await token(TEST_DEMO_API_KEY);
    expect(answer.status).toBe(200);
    const order = await platform.request('POST', '/api/v1/orders', {
      body: SPEC_ORDER,
      headers: { authorization: `Bearer ${answer.body.access_token}` },
    });
    expect(order.status).toBe(201);
    expect(order.text).toContain('"subtotal":17.00,"tax":1.70,"total":18.70');
  });

  it.each([
    ['an unknown key', 'sk_sandbox_00000000000000000000000000000000', 401, 'invalid_api_key'],
    ['an empty key', '', 422, 'invalid_field'],
    ['a number', 42, 422, 'invalid_field'],
  ])('refuses %s', async (_name, apiKey, status, code) => {
    const answer = await token(apiKey);
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
    // the key itself is never echoed back
    if (typeof apiKey === 'string' && apiKey) expect(answer.text).not.toContain(apiKey);
  });

  it('publishes the verifying keys at /.well-known/jwks.json', async () => {
    const answer = await platform.request('GET', '/.well-known/jwks.json');
    expect(answer.status).toBe(200);
    expect(answer.body.keys[0]).toMatchObject({
      kty: 'EC',
      crv: 'P-256',
      alg: 'ES256',
      use: 'sig',
    });
    expect(answer.body.keys[0]).not.toHaveProperty('d');
  });
});

describe('calls without a valid token', () => {
  it('a REST call without a token is a 401 in the envelope', async () => {
    const answer = await platform.request('GET', '/api/v1/orders');
    expect(answer.status).toBe(401);
    expect(answer.body.error).toMatchObject({
      code: 'unauthenticated',
      request_id: expect.any(String),
    });
  });

  it('a token verified once is refused as soon as it expires (verified tokens are kept)', async () => {
    const tenant = await platform.tenant();
    const shortLived = await platform.platform.signer!.sign(
      {
        restaurantId: tenant.restaurantId,
        environment: 'sandbox',
        keyId: tenant.keyId,
        role: 'admin',
        scopes: [],
      },
      2,
    );
    const call = () =>
      platform.request('GET', '/api/v1/orders', {
        headers: { authorization: `Bearer ${shortLived}` },
      });
    expect((await call()).status).toBe(200);
    expect((await call()).status).toBe(200);
    const { exp } = JSON.parse(Buffer.from(shortLived.split('.')[1]!, 'base64url').toString());
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
    const late = await call();
    expect(late.status).toBe(401);
    expect(late.body.error.message).toMatch(/expired/);
  });

  it('tampered, foreign, expired and malformed tokens are 401, over REST and GraphQL', async () => {
    const tenant = await platform.tenant();
    const [header, payload, signature] = tenant.token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const tampered = [
      header,
      Buffer.from(JSON.stringify({ ...claims, rst: 'rst_someone_else' })).toString('base64url'),
      signature,
    ].join('.');
    const foreignKey = await generateKeyPair('ES256');
    const foreign = await new SignJWT({ rst: tenant.restaurantId, env: 'sandbox', role: 'admin' })
      .setProtectedHeader({ alg: 'ES256', kid: decodeProtectedHeader(tenant.token).kid })
      .setIssuer('sotto')
      .setAudience('sotto-api')
      .setSubject(tenant.keyId)
      .setExpirationTime('5m')
      .sign(foreignKey.privateKey);
    const none = [Buffer.from('{"alg":"none"}').toString('base64url'), payload, ''].join('.');
    const expired = await platform.platform.signer!.sign(
      {
        restaurantId: tenant.restaurantId,
        environment: 'sandbox',
        keyId: tenant.keyId,
        role: 'admin',
        scopes: [],
      },
      1,
    );
    await new Promise((resolve) => setTimeout(resolve, 2100));
    for (const bad of [tampered, foreign, none, expired, 'not-a-jwt', `${tenant.token}x`]) {
      const rest = await platform.request('GET', '/api/v1/orders', {
        headers: { authorization: `Bearer ${bad}` },
      });
      expect(rest.status).toBe(401);
      expect(rest.body.error.code).toBe('unauthenticated');
      const graphql = await platform.request('POST', '/graphql', {
        body: { query: '{ orders { nodes { id } } }' },
        headers: { authorization: `Bearer ${bad}` },
      });
      expect(graphql.status).toBe(401);
      expect(graphql.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    const basic = await platform.request('GET', '/api/v1/orders', {
      headers: { authorization: 'Basic abc' },
    });
    expect(basic.status).toBe(401);
  });

  it('GraphQL without a token reaches no data: UNAUTHENTICATED', async () => {
    const answer = await platform.request('POST', '/graphql', {
      body: { query: '{ orders { nodes { id } } }' },
    });
    expect(answer.body.data).toBeNull();
    expect(answer.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('a subgraph port reached directly, without the signed header, gives nothing', async () => {
    const orders = platform.platform.subgraphs.find((s) => s.name === 'orders')!;
    const response = await fetch(orders.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-sotto-context': 'forged.signature' },
      body: JSON.stringify({ query: '{ orders { nodes { id } } }' }),
    });
    const body = (await response.json()) as any;
    expect(body.data).toBeNull();
    expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');

    // Neither the SDL nor introspection: the gateway composes ahead of time and needs neither.
    for (const query of ['{ _service { sdl } }', '{ __schema { types { name } } }']) {
      const direct = await fetch(orders.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query }),
      });
      const answer = (await direct.json()) as any;
      expect(answer.data ?? null).toBeNull();
      expect(JSON.stringify(answer)).not.toContain('createOrder');
    }
  });
});

describe('tenancy', () => {
  it("another restaurant's order is a 404 for every route, and stays unchanged", async () => {
    const owner = await platform.tenant();
    const intruder = await platform.tenant();
    const order = (await owner.rest('POST', '/orders', SPEC_ORDER)).body;
    const id = order.order_id;
    const attempts = [
      intruder.rest('GET', `/orders/${id}`),
      intruder.rest('PUT', `/orders/${id}`, SPEC_ORDER),
      intruder.rest('PATCH', `/orders/${id}/status`, { status: 'cancelled' }),
      intruder.rest('POST', `/orders/${id}/items`, {
        items: [{ menu_item_id: 'cafe', quantity: 1 }],
      }),
      intruder.rest('PATCH', `/orders/${id}/items/${order.items[0].item_id}/status`, {
        status: 'preparing',
      }),
    ];
    for (const answer of await Promise.all(attempts)) {
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('order_not_found');
    }
    expect((await intruder.rest('GET', '/orders')).body.data).toEqual([]);
    const graphql = await intruder.graphql(`query($id: ID!) { order(id: $id) { id } }`, { id });
    expect(graphql.body.data.order).toBeNull();
    const after = await owner.rest('GET', `/orders/${id}`);
    expect(after.body.version).toBe(1);
    expect(after.body.status).toBe('created');
  });

  it("a restaurant's staging key sees none of its sandbox data, and a separate menu", async () => {
    const sandbox = await platform.tenant();
    const staging = await platform.tenant({
      environment: 'staging',
      restaurantId: sandbox.restaurantId,
      menu: false,
    });
    expect(staging.apiKey).toMatch(/^sk_staging_/);
    const order = (await sandbox.rest('POST', '/orders', SPEC_ORDER)).body;
    expect((await staging.rest('GET', `/orders/${order.order_id}`)).status).toBe(404);
    expect((await staging.rest('GET', '/orders')).body.data).toEqual([]);
    // staging has no menu yet: the sandbox menu is not visible there
    const attempt = await staging.rest('POST', '/orders', SPEC_ORDER);
    expect(attempt.status).toBe(422);
    expect(attempt.body.error.code).toBe('unknown_menu_item');
  });
});

describe('command line', () => {
  const run = promisify(execFile);
  const root = path.resolve(__dirname, '../..');
  const sotto = async (...args: string[]) => {
    const { stdout } = await run(
      process.execPath,
      [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'bin/sotto.ts', ...args],
      {
        cwd: root,
        env: { ...process.env, DATABASE_URL: testDatabaseUrl() },
      },
    );
    return JSON.parse(stdout);
  };

  it('creates a restaurant and keys, lists and revokes them; a revoked key gets no token', async () => {
    const { restaurant_id } = await sotto('restaurants', 'create', '--name', 'Le Petit Zinc');
    expect(restaurant_id).toMatch(/^rst_/);
    const created = await sotto(
      'keys',
      'create',
      '--restaurant',
      restaurant_id,
      '--env',
      'production',
    );
    expect(created).toMatchObject({
      key_id: expect.stringMatching(/^key_/),
      api_key: expect.stringMatching(/^sk_live_/),
    });
    expect((await token(created.api_key)).status).toBe(200);

    const listed = await sotto('keys', 'list', '--restaurant', restaurant_id);
    expect(listed.keys).toEqual([
      expect.objectContaining({
        key_id: created.key_id,
        environment: 'production',
        revoked_at: null,
      }),
    ]);
    expect(JSON.stringify(listed)).not.toContain(created.api_key);

    const revoked = await sotto('keys', 'revoke', '--key-id', created.key_id);
    expect(revoked.revoked_at).toEqual(expect.any(String));
    const refused = await token(created.api_key);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('invalid_api_key');
  }, 60_000);

  it('answers bad commands with a JSON error and a non-zero exit', async () => {
    await expect(
      sotto('keys', 'create', '--restaurant', 'rst_nope', '--env', 'sandbox'),
    ).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('"code":"restaurant_not_found"'),
    });
    await expect(
      sotto('keys', 'create', '--restaurant', 'rst_x', '--env', 'moon'),
    ).rejects.toMatchObject({ code: 1 });
  }, 60_000);
});

describe('health', () => {
  it('/healthz answers 200 and /readyz checks the database and every subgraph', async () => {
    expect((await platform.request('GET', '/healthz')).status).toBe(200);
    const ready = await platform.request('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({
      status: 'ready',
      checks: {
        database: true,
        identity: true,
        menu: true,
        orders: true,
        inventory: true,
        reservations: true,
        webhooks: true,
        payments: true,
      },
    });
  });

  it('an unknown route is a 404 in the envelope', async () => {
    const answer = await platform.request('GET', '/api/v1/nothing-here');
    expect(answer.status).toBe(404);
    expect(answer.body.error).toMatchObject({ request_id: expect.any(String) });
  });
});
