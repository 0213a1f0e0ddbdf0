import http from 'node:http';
import type { RequestScoped } from '../../platform/src/graphql/request-context';
import { startSubgraph, type SubgraphDefinition } from '../../platform/src/graphql/subgraph-server';
import { createLogger } from '../../platform/src/logger';
import { inventorySubgraph } from '../../subgraphs/inventory/src';
import { at, fridayAhead } from '../../subgraphs/reservations/test/floor';
import { bootTestPlatform, type TestPlatform } from '../../test/support/test-platform';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await bootTestPlatform();
});
afterAll(() => platform?.stop());

describe('a subgraph down', () => {
  it('is a 503 naming it on REST and SERVICE_UNAVAILABLE in GraphQL, the rest keeps working, and it is used again when it comes back', async () => {
    const tenant = await platform.tenant({ stock: true });
    const booking = {
      customer_name: 'Camille Martin',
      party_size: 2,
      start_time: at(fridayAhead(), '20:00'),
    };
    expect((await tenant.rest('GET', '/inventory/items')).status).toBe(200);

    const stopped = platform.platform.subgraphs.find((subgraph) => subgraph.name === 'inventory')!;
    await stopped.stop();

    // What the read cache holds is still answered: nothing has changed since it was read.
    expect((await tenant.rest('GET', '/inventory/items')).status).toBe(200);
    // A read that must be executed names the missing service.
    const fresh = { 'cache-control': 'no-cache' };
    const items = await tenant.rest('GET', '/inventory/items', undefined, fresh);
    expect(items.status).toBe(503);
    expect(items.body.error).toMatchObject({
      code: 'service_unavailable',
      details: { service: 'inventory' },
    });
    const graphql = await tenant.graphql('{ inventoryItems { nodes { id } } }');
    expect(graphql.body.errors[0].extensions).toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      details: { service: 'inventory' },
    });
    // Another domain answers as before.
    const booked = await tenant.rest('POST', '/reservations', booking);
    expect(booked.status).toBe(201);
    expect((await tenant.rest('GET', `/reservations/${booked.body.reservation_id}`)).status).toBe(
      200,
    );
    // /readyz says which part is down.
    const ready = await platform.request('GET', '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.checks).toMatchObject({ inventory: false, reservations: true, orders: true });

    // The subgraph comes back on its address: the gateway uses it again, without a restart.
    const port = Number(new URL(stopped.url).port);
    const restarted = await startSubgraph(
      inventorySubgraph({
        orm: platform.platform.orms.inventory!,
        internalSecret: platform.platform.internalSecret,
        logger: createLogger('test', 'silent'),
      }) as SubgraphDefinition<RequestScoped>,
      { host: '127.0.0.1', port },
    );
    const subgraphs = platform.platform.subgraphs;
    subgraphs.splice(subgraphs.indexOf(stopped), 1, restarted);
    expect((await tenant.rest('GET', '/inventory/items', undefined, fresh)).status).toBe(200);
    expect((await platform.request('GET', '/readyz')).status).toBe(200);
  });

  it('that accepts connections but never answers is reported unavailable after the subgraph timeout', async () => {
    const hurried = await bootTestPlatform({ SOTTO_SUBGRAPH_TIMEOUT_MS: '500' });
    const hung = http.createServer(() => {
      // Reads the request and never answers, like a process stuck in a long pause.
    });
    try {
      const tenant = await hurried.tenant({ stock: true });
      const inventory = hurried.platform.subgraphs.find((s) => s.name === 'inventory')!;
      await inventory.stop();
      await new Promise<void>((resolve) =>
        hung.listen(Number(new URL(inventory.url).port), '127.0.0.1', resolve),
      );
      const items = await tenant.rest('GET', '/inventory/items');
      expect(items.status).toBe(503);
      expect(items.body.error).toMatchObject({
        code: 'service_unavailable',
        details: { service: 'inventory' },
      });
      // The orders subgraph, which answers, is not held up by the other one's silence.
      expect((await tenant.rest('GET', '/orders')).status).toBe(200);
    } finally {
      hung.closeAllConnections();
      await new Promise((resolve) => hung.close(resolve));
      await hurried.stop();
    }
  });
});
