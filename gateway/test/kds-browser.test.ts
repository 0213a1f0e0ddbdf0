import type { Browser } from 'playwright-core';
import { launchChromium, watchedPage, type WatchedPage } from '../../test/support/browser';
import {
  bootTestPlatform,
  SPEC_ORDER,
  type TestPlatform,
  type TestTenant,
} from '../../test/support/test-platform';
import { liveClient, Subscription } from './support/live-client';

/**
 * The kitchen display in headless Chromium (Debian's `chromium`), and the end of a subscription
 * when its token expires: tokens live TOKEN_TTL seconds on this platform.
 */
const TOKEN_TTL = 6;

let platform: TestPlatform;
let browser: Browser;

beforeAll(async () => {
  platform = await bootTestPlatform({ SOTTO_TOKEN_TTL_SECONDS: String(TOKEN_TTL) });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

/** REST with a token fresh from the key: the tenant's own token lives only a few seconds here. */
async function rest(tenant: TestTenant, method: string, path: string, body?: unknown) {
  const exchange = await platform.request('POST', '/api/v1/auth/token', {
    body: { api_key: tenant.apiKey },
  });
  return platform.request(method, `/api/v1${path}`, {
    body,
    headers: { authorization: `Bearer ${exchange.body.access_token}` },
  });
}

async function openDisplay(apiKey: string, fragment = ''): Promise<WatchedPage> {
  const watched = await watchedPage(browser);
  const { page } = watched;
  await page.goto(`${platform.url}/kds#api_key=${encodeURIComponent(apiKey)}${fragment}`);
  await page.locator('#status.live').waitFor({ timeout: 10_000 });
  return watched;
}

describe('/kds', () => {
  it('shows an order placed through REST live and marks its items ready', async () => {
    const manager = await platform.tenant();
    const kitchen = await platform.tenant({ restaurantId: manager.restaurantId, role: 'kitchen' });
    const { page, problems, urls } = await openDisplay(kitchen.apiKey);
    // The key left the address bar and never went to the server in a URL.
    expect(page.url()).toBe(`${platform.url}/kds`);
    expect(urls.some((url) => url.includes(kitchen.apiKey))).toBe(false);
    expect(await page.locator('#empty').isVisible()).toBe(true);

    const placed = await rest(manager, 'POST', '/orders', SPEC_ORDER);
    expect(placed.status).toBe(201);
    const order = placed.body;
    const ticket = page.locator(`[data-order-id="${order.order_id}"]`);
    await ticket.waitFor({ timeout: 10_000 });

    await expect(ticket.locator('.table').textContent()).resolves.toBe('Table 12');
    await expect(ticket.locator('.waiting').textContent()).resolves.toMatch(/^\d+:\d\d$/);
    const [burger, fries] = order.items;
    const burgerRow = ticket.locator(`[data-item-id="${burger.item_id}"]`);
    await expect(burgerRow.locator('.name').textContent()).resolves.toBe('1 × Burger Classique');
    await expect(burgerRow.locator('.modifiers').textContent()).resolves.toBe(
      'no_onions · medium_rare',
    );
    await expect(burgerRow.locator('.notes').textContent()).resolves.toBe('Sauce à part');

    await burgerRow.locator('button.ready').click();
    await burgerRow.waitFor({ state: 'detached', timeout: 5000 });
    const read = await rest(manager, 'GET', `/orders/${order.order_id}`);
    expect(read.body.items.map((item: any) => [item.item_id, item.status])).toEqual([
      [burger.item_id, 'ready'],
      [fries.item_id, 'pending'],
    ]);

    // The ticket leaves when its last item is ready.
    await ticket.locator(`[data-item-id="${fries.item_id}"] button.ready`).click();
    await ticket.waitFor({ state: 'detached', timeout: 5000 });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('reconnects when its token expires and goes on from its cursor', async () => {
    const manager = await platform.tenant();
    const { page, problems } = await openDisplay(manager.apiKey, '&station=grill');
    await page.locator('#station-label', { hasText: 'grill' }).waitFor({ timeout: 5000 });
    const first = (await rest(manager, 'POST', '/orders', SPEC_ORDER)).body;
    await page.locator(`[data-order-id="${first.order_id}"]`).waitFor({ timeout: 5000 });

    // Past the token's life the server closes the socket; the page takes a new token and resumes.
    await page.locator('#status.down').waitFor({ timeout: (TOKEN_TTL + 5) * 1000 });
    const second = (await rest(manager, 'POST', '/orders', { ...SPEC_ORDER, table_id: '4' })).body;
    await page.locator(`[data-order-id="${second.order_id}"]`).waitFor({ timeout: 10_000 });
    await page.locator('#status.live').waitFor({ timeout: 10_000 });
    // Resumed, not restarted: the first ticket is still there, shown once.
    expect(await page.locator(`[data-order-id="${first.order_id}"]`).count()).toBe(1);
    // A fries-only order is not the grill's.
    const fries = (
      await rest(manager, 'POST', '/orders', {
        table_id: '5',
        items: [{ menu_item_id: 'fries_regular', quantity: 1 }],
      })
    ).body;
    const third = (await rest(manager, 'POST', '/orders', { ...SPEC_ORDER, table_id: '6' })).body;
    await page.locator(`[data-order-id="${third.order_id}"]`).waitFor({ timeout: 5000 });
    expect(await page.locator(`[data-order-id="${fries.order_id}"]`).count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('signs in through its form, and refuses a bad key or one that may not read orders', async () => {
    const page = await browser.newPage();
    await page.goto(`${platform.url}/kds`);
    await page.locator('#api-key').fill('sk_sandbox_not_a_key_at_all');
    await page.locator('#sign-in button[type=submit]').click();
    // The key is refused by the token exchange: the message appears once it has answered.
    await page.locator('#sign-in-error', { hasText: /\S/ }).waitFor({ timeout: 5000 });
    expect(await page.locator('#sign-in').isVisible()).toBe(true);

    const owner = await platform.tenant({ menu: false });
    const bookings = await platform.tenant({
      restaurantId: owner.restaurantId,
      role: 'integrator',
      scopes: ['reservations:read'],
    });
    await page.locator('#api-key').fill(bookings.apiKey);
    await page.locator('#sign-in button[type=submit]').click();
    await page.locator('#sign-in-error', { hasText: 'orders:read' }).waitFor({ timeout: 5000 });

    await page.locator('#api-key').fill(owner.apiKey);
    await page.locator('#station').fill('grill');
    await page.locator('#sign-in button[type=submit]').click();
    await page.locator('#status.live').waitFor({ timeout: 5000 });
    await expect(page.locator('#station-label').textContent()).resolves.toBe('grill');
    await page.close();
  });

  it('serves the page under its own Content-Security-Policy, scripts from self only', async () => {
    const page = await platform.request('GET', '/kds');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const policy = page.headers.get('content-security-policy')!;
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('unsafe-inline');
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)/);
    const client = await platform.request('GET', '/kds/vendor/graphql-ws/client.js');
    expect(client.status).toBe(200);
    expect(client.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await platform.request('GET', '/kds/vendor/graphql-ws/server.js')).status).toBe(404);
    expect((await platform.request('GET', '/kds/..%2Fkds.routes.ts')).status).toBe(404);
  });
});

describe('an expired token', () => {
  it('ends the stream: the socket is closed with 4403', async () => {
    const tenant = await platform.tenant({ menu: false });
    const { client, closed, connected } = liveClient(platform.url, `Bearer ${tenant.token}`);
    await connected;
    const subscription = new Subscription(client, 'subscription { orderCreated { id } }');
    const started = Date.now();
    const { code, reason } = await closed;
    expect(code).toBe(4403);
    expect(reason).toMatch(/expired/);
    expect(Date.now() - started).toBeLessThan((TOKEN_TTL + 10) * 1000);
    expect(await subscription.ended()).toEqual(expect.objectContaining({ code: 4403 }));
    // And a token that has expired already is refused at connection_init.
    const late = liveClient(platform.url, `Bearer ${tenant.token}`);
    expect((await late.closed).code).toBe(4403);
    await client.dispose();
    await late.client.dispose();
  });
});
