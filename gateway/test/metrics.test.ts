import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bootTestPlatform, SPEC_ORDER, type TestPlatform } from '../../test/support/test-platform';
import { until } from './support/gateway-replica';
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

  it('asks for it at a service’s own /metrics too, in the contract’s envelope', async () => {
    const webhooks = platform.platform.subgraphs.find((subgraph) => subgraph.name === 'webhooks')!;
    const url = new URL('/metrics', webhooks.url);
    const refused = await fetch(url);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toBe('Bearer');
    expect(await refused.json()).toEqual({
      error: {
        code: 'unauthenticated',
        message: 'This endpoint needs the metrics token',
        request_id: expect.any(String),
        details: null,
      },
    });
    const scraped = await fetch(url, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(scraped.status).toBe(200);
    expect(await scraped.text()).toMatch(/^# HELP sotto_/m);
  });

  it('shows each connection pool of the process: in use, idle, waiting, and its maximum', async () => {
    const tenant = await platform.tenant();
    expect((await tenant.rest('POST', '/orders', SPEC_ORDER)).status).toBe(201);
    const text = (await scrape(`Bearer ${METRICS_TOKEN}`)).text;
    expect(text).toMatch(/^# TYPE sotto_db_pool_connections gauge$/m);
    // The test platform's pools hold two connections (SOTTO_DB_POOL_MAX).
    for (const pool of ['gateway', 'orders', 'menu']) {
      const state = (name: string) =>
        sample(text, `sotto_db_pool_connections{pool="${pool}",state="${name}"}`);
      expect(state('max')).toBe(2);
      expect(state('in_use')! + state('idle')!).toBeGreaterThanOrEqual(1);
      expect(state('in_use')! + state('idle')!).toBeLessThanOrEqual(2);
      expect(state('waiting')).toBe(0);
    }
    // A service in a process of its own shows its process's pools at its own /metrics.
    const orders = platform.platform.subgraphs.find((subgraph) => subgraph.name === 'orders')!;
    const own = await fetch(new URL('/metrics', orders.url), {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    });
    expect(sample(await own.text(), 'sotto_db_pool_connections{pool="orders",state="max"}')).toBe(
      2,
    );
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
      const live = sample(text, 'sotto_event_log_consumer_lag{consumer="gateway.subscriptions"}');
      expect(live).toBeGreaterThanOrEqual(0);
    } finally {
      await client.dispose();
    }
  });

  it('shows the live feed: events read from the log, no Redis lease, no fallback', async () => {
    const tenant = await platform.tenant();
    const series = 'sotto_subscription_log_events_read_total{source="local"}';
    const before = sample((await scrape(`Bearer ${METRICS_TOKEN}`)).text, series)!;
    await tenant.rest('POST', '/orders', SPEC_ORDER);
    // Without REDIS_URL, this gateway reads the log itself.
    await until(
      async () => sample((await scrape(`Bearer ${METRICS_TOKEN}`)).text, series)! > before,
    );
    const { text } = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(sample(text, 'sotto_subscription_fanout_leader')).toBe(0);
    expect(sample(text, 'sotto_subscription_fanout_fallback')).toBe(0);
    expect(sample(text, 'sotto_subscription_log_events_read_total{source="leader"}')).toBe(0);
  });

  describe('webhook queue depth, from the webhooks service', () => {
    let receiver: Server;
    let calls = 0;
    beforeAll(async () => {
      // An endpoint that always fails: its delivery waits for a retry.
      receiver = createServer((_request, response) => {
        calls++;
        response.writeHead(500).end();
      });
      await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    });
    afterAll(() => new Promise((resolve) => receiver.close(resolve)));

    it('counts deliveries pending and retrying, on the gateway and on the service', async () => {
      const tenant = await platform.tenant({ role: 'admin' });
      const { port } = receiver.address() as AddressInfo;
      const endpoint = await tenant.rest('POST', '/webhooks', {
        event: 'order.created',
        target_url: `http://127.0.0.1:${port}/hooks`,
      });
      expect(endpoint.status).toBe(201);
      await tenant.rest('POST', '/orders', SPEC_ORDER);
      await until(async () => calls >= 1);
      const retrying = 'sotto_webhook_deliveries_queued{state="retrying"}';
      await until(
        async () => sample((await scrape(`Bearer ${METRICS_TOKEN}`)).text, retrying)! >= 1,
      );
      const { text } = await scrape(`Bearer ${METRICS_TOKEN}`);
      expect(
        sample(text, 'sotto_webhook_deliveries_queued{state="pending"}'),
      ).toBeGreaterThanOrEqual(0);
      expect(text).not.toContain(tenant.restaurantId);

      // Run alone, the service serves the same figures on its own port, behind the same token.
      const webhooks = platform.platform.subgraphs.find((s) => s.name === 'webhooks')!;
      const ownMetrics = new URL('/metrics', webhooks.url);
      const refused = await fetch(ownMetrics);
      expect(refused.status).toBe(401);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe(
        'unauthenticated',
      );
      const wrong = await fetch(ownMetrics, { headers: { authorization: 'Bearer not-it' } });
      expect(wrong.status).toBe(401);
      const own = await fetch(ownMetrics, {
        headers: { authorization: `Bearer ${METRICS_TOKEN}` },
      });
      expect(own.status).toBe(200);
      expect(sample(await own.text(), retrying)).toBeGreaterThanOrEqual(1);
    });
  });
});
