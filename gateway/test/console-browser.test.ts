import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, watchedPage, type WatchedPage } from '../../test/support/browser';
import { CONSOLE_CONTENT_SECURITY_POLICY } from '../src/console/console.routes';
import { bootTestPlatform, SPEC_ORDER, type TestPlatform } from '../../test/support/test-platform';

/**
 * The developer console in headless Chromium (Debian's `chromium`): sign-in, GraphiQL over
 * HTTP and graphql-ws, the recent calls and the webhook simulator, with no console error.
 */
/** The page's globals, for the functions evaluated in Chromium (this file is compiled for Node). */
declare const document: any;
declare const sessionStorage: any;
declare const localStorage: any;

let platform: TestPlatform;
let browser: Browser;
/** Where the simulator's test deliveries go: a receiver outside the platform. */
let receiver: Server;
let receiverUrl: string;

beforeAll(async () => {
  platform = await bootTestPlatform();
  browser = await launchChromium();
  receiver = createServer((_request, response) => response.writeHead(204).end());
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => receiver?.close(resolve));
  await platform?.stop();
});

async function openConsole(fragment: string): Promise<WatchedPage> {
  const watched = await watchedPage(browser);
  const { page } = watched;
  await page.goto(`${platform.url}/console${fragment}`);
  return watched;
}

/**
 * Puts `query` into GraphiQL's editor (CodeMirror 5) and runs it, once GraphiQL has read the
 * new operation's name from it (as it does after each edit, like a person typing).
 */
async function run(page: Page, query: string, operationName: string) {
  await page.evaluate((text) => {
    const editor = document.querySelector('.graphiql-query-editor .CodeMirror');
    editor.CodeMirror.setValue(text);
  }, query);
  await page.waitForFunction(
    (name) =>
      document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.operationName ===
      name,
    operationName,
  );
  await page.locator('.graphiql-execute-button').click();
}

/** Waits until GraphiQL's response editor holds `text` (read whole: CodeMirror draws only what is in view). */
async function responseShows(page: Page, text: string, timeout: number) {
  await page.waitForFunction(
    (expected) =>
      (
        document.querySelector('.graphiql-response .CodeMirror') as any
      )?.CodeMirror.getValue().includes(expected),
    text,
    { timeout },
  );
}

describe('/console', () => {
  it('is served from the project’s files under a strict Content-Security-Policy', async () => {
    for (const path of [
      '/console',
      '/console/console.js',
      '/console/vendor/graphiql.min.js',
      '/console/vendor/react.production.min.js',
    ]) {
      const answer = await platform.request('GET', path);
      expect([path, answer.status]).toEqual([path, 200]);
      expect(answer.headers.get('content-security-policy')).toBe(CONSOLE_CONTENT_SECURITY_POLICY);
    }
    expect(CONSOLE_CONTENT_SECURITY_POLICY).not.toContain('unsafe');
    for (const path of [
      '/console/vendor/constructor',
      '/console/../package.json',
      '/console/x.js',
    ]) {
      expect((await platform.request('GET', path)).status).toBe(404);
    }
  });

  it('signs in from the fragment, runs a query and a subscription, and lists the calls', async () => {
    const tenant = await platform.tenant();
    const { page, problems, urls } = await openConsole(
      `#api_key=${encodeURIComponent(tenant.apiKey)}`,
    );
    await page.locator('.graphiql-container').waitFor({ timeout: 15_000 });
    await expect(page.locator('#sign-in').isVisible()).resolves.toBe(false);
    // The key left the address bar and never went to the server in a URL.
    expect(page.url()).toBe(`${platform.url}/console`);
    expect(urls.some((url) => url.includes(tenant.apiKey))).toBe(false);
    expect(urls.every((url) => url.startsWith(platform.url))).toBe(true);

    await run(page, 'query Dishes { menuItems { id name } }', 'Dishes');
    await responseShows(page, '"name": "Burger Classique"', 10_000);

    // The schema GraphiQL introspected has the gateway's Subscription type.
    await page.locator('[aria-label="Show Documentation Explorer"]').click();
    await page
      .locator('.graphiql-doc-explorer-content', { hasText: 'subscription' })
      .locator('a', { hasText: 'Subscription' })
      .waitFor({ timeout: 5000 });

    // Calls are written once a second: refresh (as a person would) until it is there.
    const dishes = page.locator('#calls tr', { hasText: 'Dishes' });
    for (let attempt = 0; (await dishes.count()) === 0; attempt++) {
      expect(attempt).toBeLessThan(20);
      await platform.platform.gateway!.requestLog.flush();
      await page.locator('#refresh-calls').click();
      await dishes
        .first()
        .waitFor({ timeout: 1000 })
        .catch(() => {});
    }
    await expect(dishes.first().locator('.status').textContent()).resolves.toBe('200');
    await expect(dishes.first().locator('.call').textContent()).resolves.toContain('POST /graphql');

    // A subscription over graphql-ws: an order placed through REST arrives in the response.
    await run(page, 'subscription Watch { orderCreated { id tableId } }', 'Watch');
    await page.locator('.graphiql-execute-button[aria-label="Stop query (Ctrl-Enter)"]').waitFor({
      timeout: 5000,
    });
    let placed: string | undefined;
    for (let attempt = 0; attempt < 20 && !placed; attempt++) {
      // The socket connects when the subscription starts: an order before it would be missed.
      const order = await tenant.rest('POST', '/orders', SPEC_ORDER);
      const seen = await responseShows(page, order.body.order_id, 1000).then(
        () => true,
        () => false,
      );
      if (seen) placed = order.body.order_id;
    }
    expect(placed).toMatch(/^ord_/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('sends a test event to a webhook from the simulator', async () => {
    const tenant = await platform.tenant({ menu: false });
    const created = await tenant.rest('POST', '/webhooks', {
      event: '*',
      target_url: receiverUrl,
    });
    expect(created.status).toBe(201);
    const { page, problems } = await openConsole(`#api_key=${encodeURIComponent(tenant.apiKey)}`);
    const option = page.locator(`#webhook option[value="${created.body.webhook_id}"]`);
    await option.waitFor({ state: 'attached', timeout: 15_000 });
    await page.locator('#event').selectOption('payment.completed');
    await page.locator('#send-test').click();
    const result = page.locator('#simulator-result');
    await result.filter({ hasText: 'payment.completed' }).waitFor({ timeout: 10_000 });
    const delivery = JSON.parse((await result.textContent())!);
    expect(delivery).toMatchObject({ event_type: 'payment.completed', test: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it('signs in through its form, refuses a bad key, and tells a key without webhooks so', async () => {
    const { page, problems } = await openConsole('');
    await page.locator('#api-key').fill('sk_sandbox_not_a_key_at_all');
    await page.locator('#sign-in button[type=submit]').click();
    await page.locator('#sign-in-error', { hasText: /\S/ }).waitFor({ timeout: 5000 });
    expect(await page.locator('#workspace').isVisible()).toBe(false);

    const owner = await platform.tenant({ menu: false });
    const server = await platform.tenant({ restaurantId: owner.restaurantId, role: 'server' });
    await page.locator('#api-key').fill(server.apiKey);
    await page.locator('#sign-in button[type=submit]').click();
    await page.locator('.graphiql-container').waitFor({ timeout: 15_000 });
    await page.locator('#simulator-error', { hasText: 'webhooks:manage' }).waitFor({
      timeout: 5000,
    });
    // Reloading the tab stays signed in (sessionStorage); signing out forgets the key.
    await page.reload();
    await page.locator('.graphiql-container').waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => sessionStorage.length)).toBeGreaterThan(1);
    await page.locator('#sign-out').click();
    expect(await page.locator('#sign-in').isVisible()).toBe(true);
    // Neither the key nor a query stays in the browser once signed out.
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    // The refused sign-in (401) and webhook list (403) are the only errors the page logged.
    expect(problems.filter((text) => !/status of 40[13]/.test(text))).toEqual([]);
    await page.close();
  });
});
