import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig, type Config } from '../../platform/src/config';
import { createLogger, type Logger } from '../../platform/src/logger';
import type { Environment, Role } from '../../platform/src/tenancy/tenant';
import { seedDemoData } from '../../launcher/src/demo-seed';
import { startPlatform, type RunningPlatform } from '../../launcher/src/platform';
import { IdentityService } from '../../subgraphs/identity/src';
import { openApiValidator } from './openapi-validator';

export interface HttpAnswer<Body = any> {
  status: number;
  headers: Headers;
  text: string;
  body: Body;
}

/** A restaurant of its own, a key in one environment, a token, and HTTP helpers bound to them. */
export interface TestTenant {
  restaurantId: string;
  environment: Environment;
  apiKey: string;
  keyId: string;
  token: string;
  rest<Body = any>(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<HttpAnswer<Body>>;
  graphql<Data = any>(
    query: string,
    variables?: Record<string, unknown>,
  ): Promise<HttpAnswer<{ data?: Data; errors: any[] }>>;
}

export interface TenantOptions {
  environment?: Environment;
  restaurantId?: string;
  /** Seed the demo restaurant's data: menu, and tables and stock as those domains land (default true). */
  menu?: boolean;
  /**
   * With the menu, also the demo stock and a recipe for every menu item, so that orders take
   * stock and an item can run out (default false: without recipes nothing limits orders).
   */
  stock?: boolean;
  role?: Role;
  scopes?: string[];
  rateLimitPerMinute?: number;
  maxConnections?: number;
}

export interface TestPlatform {
  url: string;
  platform: RunningPlatform;
  /** A new restaurant with the demo menu and a key; `restaurantId` adds a key to an existing one. */
  tenant(options?: TenantOptions): Promise<TestTenant>;
  request<Body = any>(
    method: string,
    path: string,
    options?: { body?: unknown; raw?: string; headers?: Record<string, string> },
  ): Promise<HttpAnswer<Body>>;
  stop(): Promise<void>;
}

/** A test file's own database, when it asked for one (`useOwnDatabase`). */
let ownDatabaseUrl: string | undefined;

export function testDatabaseUrl(): string {
  if (ownDatabaseUrl) return ownDatabaseUrl;
  const url = process.env.SOTTO_TEST_DATABASE_URL;
  if (!url) throw new Error('SOTTO_TEST_DATABASE_URL is set by test/global-setup.ts');
  return url;
}

/** Boots the whole platform in this process, on the test run's database, on free ports. */
export async function bootTestPlatform(env: Record<string, string> = {}): Promise<TestPlatform> {
  const config = loadConfig({
    DATABASE_URL: testDatabaseUrl(),
    PORT: '0',
    SOTTO_DB_POOL_MAX: '2',
    // Tests exchange many keys from one address; the limits' own tests set lower values.
    SOTTO_AUTH_RATE_PER_MINUTE: '100000',
    ...env,
  });
  return startPlatformHarness(config);
}

/** Boots the whole platform in this process with `config`, with the helpers (the benchmark's too). */
export async function startPlatformHarness(
  config: Config,
  logger: Logger = createLogger('test', 'silent'),
): Promise<TestPlatform> {
  const platform = await startPlatform(config, logger);
  const url = platform.url!;

  const request: TestPlatform['request'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined = options.raw;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await fetch(url + path, { method, headers, body });
    const text = await response.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    // Every answer of the REST layer must be one the OpenAPI document describes.
    openApiValidator().check({
      method,
      url: path,
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: text ? parsed : undefined,
    });
    return { status: response.status, headers: response.headers, text, body: parsed as any };
  };

  const tenant: TestPlatform['tenant'] = async (options = {}) => {
    const environment = options.environment ?? 'sandbox';
    const identity = new IdentityService(platform.orms.identity!.em.fork());
    const restaurantId =
      options.restaurantId ?? (await identity.createRestaurant(`Test ${Date.now()}`)).id;
    if (options.menu !== false) {
      await seedDemoData(
        platform.orms,
        { restaurantId, environment },
        options.stock ? [] : ['inventory'],
      );
    }
    const { key, secret } = await identity.createApiKey({
      restaurantId,
      environment,
      role: options.role,
      scopes: options.scopes,
      rateLimitPerMinute: options.rateLimitPerMinute,
      maxConnections: options.maxConnections,
    });
    const exchange = await request('POST', '/api/v1/auth/token', { body: { api_key: secret } });
    if (exchange.status !== 200) throw new Error(`token exchange failed: ${exchange.text}`);
    const token = exchange.body.access_token as string;
    const auth = { authorization: `Bearer ${token}` };
    return {
      restaurantId,
      environment,
      apiKey: secret,
      keyId: key.id,
      token,
      rest: (method, path, body, headers = {}) =>
        request(method, `/api/v1${path}`, { body, headers: { ...auth, ...headers } }),
      graphql: (query, variables = {}) =>
        request('POST', '/graphql', { body: { query, variables }, headers: auth }),
    };
  };

  return { url, platform, tenant, request, stop: () => platform.stop() };
}

/** The spec's example order, verbatim. */
export const SPEC_ORDER = {
  table_id: '12',
  server_id: 'server_3429',
  items: [
    {
      menu_item_id: 'burger_1',
      quantity: 1,
      modifiers: ['no_onions', 'medium_rare'],
      notes: 'Sauce à part',
    },
    { menu_item_id: 'fries_regular', quantity: 1, modifiers: [], notes: '' },
  ],
};

/**
 * A database of its own on the test server, for a test that changes what is shared by the
 * whole platform (the signing keys, say) and must not disturb the other test files.
 */
export async function createScratchDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = process.env.SOTTO_TEST_ADMIN_URL;
  if (!adminUrl) throw new Error('SOTTO_TEST_ADMIN_URL is set by test/global-setup.ts');
  const name = `sotto_scratch_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const client = new Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/**
 * Gives the calling test file a database of its own: from now on `testDatabaseUrl()` and
 * `bootTestPlatform()` use it. For files whose platform must not share background work with
 * the other files' platforms (their workers claim work across tenants, with other settings).
 */
export async function useOwnDatabase(): Promise<{ drop(): Promise<void> }> {
  const scratch = await createScratchDatabase();
  ownDatabaseUrl = scratch.url;
  return {
    drop: async () => {
      ownDatabaseUrl = undefined;
      await scratch.drop();
    },
  };
}
