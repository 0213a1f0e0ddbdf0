import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { IdentityService } from '../../subgraphs/identity/src';
import {
  SPEC_ORDER,
  bootTestPlatform,
  createScratchDatabase,
  testDatabaseUrl,
  type TestPlatform,
} from '../support/test-platform';
import { eventually } from '../support/eventually';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await bootTestPlatform();
});

afterAll(() => platform?.stop());

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');

/** `npm run sotto -- …` against the test database; resolves to its JSON, rejects on exit ≠ 0. */
async function sottoOn(databaseUrl: string, ...args: string[]) {
  const { stdout } = await run(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'bin/sotto.ts', ...args],
    { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl, SOTTO_JWT_PRIVATE_KEY: '' } },
  );
  return JSON.parse(stdout);
}
const sotto = (...args: string[]) => sottoOn(testDatabaseUrl(), ...args);

const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
const headerOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'));

async function exchange(apiKey: string) {
  return platform.request('POST', '/api/v1/auth/token', { body: { api_key: apiKey } });
}

describe('keys with roles, scopes and limits', () => {
  it('keys create --role integrator --scopes … --rate-limit: the token carries all of it', async () => {
    const { restaurant_id } = await sotto('restaurants', 'create', '--name', 'Chez Scopes');
    const created = await sotto(
      'keys',
      'create',
      '--restaurant',
      restaurant_id,
      '--env',
      'staging',
      '--role',
      'integrator',
      '--scopes',
      'orders:read, reservations:read',
      '--rate-limit',
      '120',
    );
    expect(created).toMatchObject({
      api_key: expect.stringMatching(/^sk_staging_/),
      role: 'integrator',
      scopes: ['orders:read', 'reservations:read'],
      rate_limit_per_minute: 120,
      max_connections: null,
    });
    const token = (await exchange(created.api_key)).body.access_token;
    expect(claimsOf(token)).toMatchObject({
      role: 'integrator',
      scopes: ['orders:read', 'reservations:read'],
      env: 'staging',
      lim: { ratePerMinute: 120 },
    });

    const changed = await sotto(
      'keys',
      'limits',
      '--key-id',
      created.key_id,
      '--max-connections',
      '3',
      '--rate-limit',
      'default',
    );
    expect(changed).toMatchObject({ rate_limit_per_minute: null, max_connections: 3 });
    const next = (await exchange(created.api_key)).body.access_token;
    expect(claimsOf(next).lim).toEqual({ maxConnections: 3 });
  }, 60_000);

  it.each([
    ['an integrator without scopes', { role: 'integrator', scopes: [] }, 'scopes'],
    [
      'an unknown scope',
      { role: 'integrator', scopes: ['orders:read', 'orders:delete'] },
      'scopes',
    ],
    ['scopes on a role key', { role: 'kitchen', scopes: ['orders:write'] }, 'scopes'],
    ['an unknown role', { role: 'owner' }, 'role'],
    ['a zero rate limit', { role: 'admin', rateLimitPerMinute: 0 }, 'rate_limit_per_minute'],
    ['a fractional connection limit', { role: 'admin', maxConnections: 2.5 }, 'max_connections'],
  ])('refuses %s with a 422 naming the field, and stores nothing', async (_name, input, field) => {
    const identity = new IdentityService(platform.platform.orms.identity!.em.fork());
    const restaurant = await identity.createRestaurant('Chez Refus');
    await expect(
      identity.createApiKey({ restaurantId: restaurant.id, environment: 'sandbox', ...input }),
    ).rejects.toMatchObject({
      code: 'INVALID_FIELD',
      details: [expect.objectContaining({ field })],
    });
    expect(await identity.listApiKeys(restaurant.id)).toEqual([]);
  });

  it('the command line refuses an integrator key without scopes with a JSON error', async () => {
    const { restaurant_id } = await sotto('restaurants', 'create', '--name', 'Chez CLI');
    await expect(
      sotto(
        'keys',
        'create',
        '--restaurant',
        restaurant_id,
        '--env',
        'sandbox',
        '--role',
        'integrator',
      ),
    ).rejects.toMatchObject({ code: 1, stderr: expect.stringContaining('"code":"invalid_field"') });
  }, 60_000);

  it('a revoked key gets no new token at once; a token it already had lives out its 900 s', async () => {
    const tenant = await platform.tenant({ role: 'server' });
    const identity = new IdentityService(platform.platform.orms.identity!.em.fork());
    await identity.revokeApiKey(tenant.keyId);
    const refused = await exchange(tenant.apiKey);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('invalid_api_key');
    // What the README promises: a token obtained before the revocation lives out its lifetime
    // (SOTTO_TOKEN_TTL_SECONDS, 900 s by default) and no longer.
    const claims = claimsOf(tenant.token);
    expect(claims.exp - claims.iat).toBe(900);
    expect((await tenant.rest('GET', '/orders')).status).toBe(200);
  });
});

describe('signing key rotation', () => {
  // Rotation changes the keys of the whole platform: it runs on a database of its own.
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let isolated: TestPlatform;
  beforeAll(async () => {
    scratch = await createScratchDatabase();
    isolated = await bootTestPlatform({ DATABASE_URL: scratch.url });
  }, 60_000);
  afterAll(async () => {
    await isolated?.stop();
    await scratch?.drop();
  });

  it('jwt rotate: new tokens use the new key, tokens signed before still verify, JWKS lists both', async () => {
    const platform = isolated;
    const sotto = (...args: string[]) => sottoOn(scratch.url, ...args);
    const exchange = (apiKey: string) =>
      platform.request('POST', '/api/v1/auth/token', { body: { api_key: apiKey } });
    const tenant = await platform.tenant();
    const before = tenant.token;
    const rotated = await sotto('jwt', 'rotate');
    expect(rotated).toMatchObject({ current: expect.any(String), previous: headerOf(before).kid });

    // The README's promise: every process takes a rotation within a second (each checks the key
    // set at most once a second); a little more for the request itself. The published set once
    // its first key is `current` (failing after 1.5 s).
    const publishedAfter = async (current: string) => {
      const { body } = await eventually(
        () => platform.request('GET', '/.well-known/jwks.json'),
        (jwks) => jwks.body.keys[0]?.kid === current,
        1_500,
      );
      return { kids: body.keys.map((key: { kid: string }) => key.kid) as string[], body };
    };
    const first = await publishedAfter(rotated.current);
    expect(first.kids).toEqual([rotated.current, rotated.previous]);
    expect(JSON.stringify(first.body)).not.toMatch(/"d"/);

    const after = (await exchange(tenant.apiKey)).body.access_token;
    expect(headerOf(after).kid).toBe(rotated.current);
    for (const token of [before, after]) {
      const answer = await platform.request('POST', '/api/v1/orders', {
        body: SPEC_ORDER,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(answer.status).toBe(201);
    }

    // One more rotation retires the key that signed `before`: it leaves the published set
    // (within the same second: one CI run read the set of before the rotation at once).
    const again = await sotto('jwt', 'rotate');
    expect(again).toMatchObject({ previous: rotated.current, retired: [rotated.previous] });
    expect((await publishedAfter(again.current)).kids).toEqual([again.current, rotated.current]);
  }, 60_000);
});
