import { loadConfig } from '../../platform/src/config';
import { createLogger } from '../../platform/src/logger';
import {
  SPEC_ORDER,
  startPlatformHarness,
  testDatabaseUrl,
  type TestPlatform,
} from '../../test/support/test-platform';
import { until } from './support/gateway-replica';

/** What the platform would have written to stdout: one JSON object a line. */
const lines: Record<string, unknown>[] = [];
let platform: TestPlatform;

beforeAll(async () => {
  const logger = createLogger('sotto', 'debug', {
    write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  const config = loadConfig({
    DATABASE_URL: testDatabaseUrl(),
    PORT: '0',
    SOTTO_DB_POOL_MAX: '2',
    SOTTO_AUTH_RATE_PER_MINUTE: '100000',
  });
  platform = await startPlatformHarness(config, logger);
});
afterAll(() => platform?.stop());

const linesOf = (requestId: string) => lines.filter((line) => line.requestId === requestId);

describe('structured logs carry the request id across services', () => {
  it('REST: the gateway line and every subgraph the request reached, subgraph to subgraph too', async () => {
    const tenant = await platform.tenant();
    const requestId = 'trace-rest-order-0001';
    const created = await tenant.rest('POST', '/orders', SPEC_ORDER, { 'x-request-id': requestId });
    expect(created.status).toBe(201);
    expect(created.headers.get('x-request-id')).toBe(requestId);
    // Orders asks the menu for prices and inventory for stock, itself, through SubgraphClient.
    const reached = async () =>
      new Set(
        linesOf(requestId)
          .map((line) => line.subgraph)
          .filter(Boolean),
      );
    await until(async () => (await reached()).has('menu') && (await reached()).has('inventory'));
    expect(await reached()).toEqual(new Set(['orders', 'menu', 'inventory']));
    const gatewayLine = linesOf(requestId).find((line) => line.msg === 'request');
    expect(gatewayLine).toMatchObject({ method: 'POST', url: '/api/v1/orders', status: 201 });
    expect(JSON.stringify(lines)).not.toContain(tenant.token);
  });

  it('GraphQL: the subgraph lines carry the id the gateway answered with', async () => {
    const tenant = await platform.tenant();
    const answer = await platform.request('POST', '/graphql', {
      body: { query: '{ menuItems { id } }' },
      headers: { authorization: `Bearer ${tenant.token}` },
    });
    expect(answer.status).toBe(200);
    const requestId = answer.headers.get('x-request-id')!;
    expect(requestId).toMatch(/^req_/);
    await until(async () => linesOf(requestId).some((line) => line.subgraph === 'menu'));
    expect(linesOf(requestId).find((line) => line.subgraph === 'menu')).toMatchObject({
      msg: 'subgraph request',
      status: 200,
    });
  });
});
