import { bootTestPlatform, SPEC_ORDER, type TestPlatform } from '../../test/support/test-platform';
import { liveClient } from './support/live-client';

const METRICS_TOKEN = 'metrics-token-for-the-scraper-0001';
let platform: TestPlatform;

beforeAll(async () => {
  platform = await bootTestPlatform({ SOTTO_METRICS_TOKEN: METRICS_TOKEN });
});
afterAll(() => platform?.stop());

const scrape = (authorization?: string) =>
  platform.request('GET', '/metrics', {
    headers: authorization ? { authorization } : {},
  });

/** The value of one sample line, `name{labels} value`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  it('asks for the metrics token when one is configured', async () => {
    const none = await scrape();
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('unauthenticated');
    expect((await scrape('Bearer not-the-metrics-token-00000000')).status).toBe(401);
    const scraped = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(scraped.status).toBe(200);
    expect(scraped.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(scraped.headers.get('cache-control')).toBe('no-store');
  });

  it('counts requests by route template and GraphQL operation, never ids or tokens', async () => {
    const tenant = await platform.tenant();
    const created = await tenant.rest('POST', '/orders', SPEC_ORDER);
    const id = created.body.order_id as string;
    await tenant.rest('GET', `/orders/${id}`);
    await tenant.rest('GET', '/orders/ord_00000000000000000000000000');
    await tenant.graphql('query MenuForTheMetricsTest { menuItems { id } }');
    await tenant.graphql(`{ menuItems { id } }`);

    const { text } = await scrape(`Bearer ${METRICS_TOKEN}`);
    const count = (labels: string) =>
      sample(text, `sotto_http_request_duration_seconds_count{${labels}}`);
    expect(count('method="POST",route="/api/v1/orders",status="201"')).toBeGreaterThanOrEqual(1);
    expect(count('method="GET",route="/api/v1/orders/:id",status="200"')).toBeGreaterThanOrEqual(1);
    expect(count('method="GET",route="/api/v1/orders/:id",status="404"')).toBeGreaterThanOrEqual(1);
    expect(
      sample(
        text,
        'sotto_graphql_operation_duration_seconds_count{operation="MenuForTheMetricsTest",status="200"}',
      ),
    ).toBe(1);
    expect(
      sample(
        text,
        'sotto_graphql_operation_duration_seconds_count{operation="anonymous",status="200"}',
      ),
    ).toBeGreaterThanOrEqual(1);
    expect(text).toContain('sotto_gateway_process_resident_memory_bytes');
    expect(text).not.toContain(id);
    expect(text).not.toContain(tenant.token);
    expect(text).not.toContain(tenant.restaurantId);
  });

  it('shows open WebSockets and how far each event-log consumer is behind', async () => {
    const tenant = await platform.tenant();
    const { client, connected } = liveClient(platform.url, `Bearer ${tenant.token}`);
    await connected;
    try {
      const { text } = await scrape(`Bearer ${METRICS_TOKEN}`);
      expect(sample(text, 'sotto_websockets_open')).toBeGreaterThanOrEqual(1);
      const lag = sample(text, 'sotto_event_log_consumer_lag{consumer="inventory.order-stock"}');
      expect(lag).toBeGreaterThanOrEqual(0);
    } finally {
      await client.dispose();
    }
  });
});
