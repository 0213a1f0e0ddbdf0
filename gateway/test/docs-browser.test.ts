import type { Browser } from 'playwright-core';
import { launchChromium, watchedPage } from '../../test/support/browser';
import { DOCS_CONTENT_SECURITY_POLICY } from '../src/docs/docs.routes';
import { bootTestPlatform, type TestPlatform } from '../../test/support/test-platform';

/** `/docs` in headless Chromium (Debian's `chromium`), under the page's own strict CSP. */

let platform: TestPlatform;
let browser: Browser;

beforeAll(async () => {
  platform = await bootTestPlatform();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await platform?.stop();
});

describe('/docs', () => {
  it('renders every operation of the OpenAPI document from its own files, without errors', async () => {
    const { page, problems, urls } = await watchedPage(browser);

    const answer = await page.goto(`${platform.url}/docs`);
    expect(answer!.status()).toBe(200);
    expect(answer!.headers()['content-security-policy']).toBe(DOCS_CONTENT_SECURITY_POLICY);

    const createOrder = page.locator('.opblock-post').filter({
      has: page.locator('.opblock-summary-path[data-path="/api/v1/orders"]'),
    });
    await createOrder.waitFor({ timeout: 20_000 });
    await expect(createOrder.locator('.opblock-summary-method').textContent()).resolves.toBe(
      'POST',
    );
    await expect(page.locator('.info .title').textContent()).resolves.toContain('Sotto REST API');
    const paths = await page
      .locator('.opblock-summary-path')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-path')));
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/token',
        '/api/v1/orders/{id}/status',
        '/api/v1/payments/{id}/refund',
        '/api/v1/webhooks/{id}/test',
      ]),
    );

    // Opening an operation shows its parameters and the spec's example body.
    await createOrder.locator('.opblock-summary').click();
    await createOrder.locator('.opblock-body').getByText('Sauce à part').first().waitFor();

    expect(problems).toEqual([]);
    // Everything came from this server: no CDN.
    expect(urls.filter((url) => !url.startsWith(platform.url))).toEqual([]);
    expect(urls).toContain(`${platform.url}/api/v1/openapi.json`);
    await page.close();
  }, 60_000);

  it('serves only the files the page uses', async () => {
    const missing = await platform.request('GET', '/docs/vendor/swagger-ui/package.json');
    expect(missing.status).toBe(404);
    const script = await platform.request('GET', '/docs/vendor/swagger-ui/swagger-ui-bundle.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
  });
});
