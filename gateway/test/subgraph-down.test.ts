import { at, fridayAhead } from '../../subgraphs/reservations/test/floor';
import { bootTestPlatform, type TestPlatform } from '../../test/support/test-platform';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await bootTestPlatform();
});
afterAll(() => platform?.stop());

describe('a subgraph down', () => {
  it('is a 503 naming it on REST and SERVICE_UNAVAILABLE in GraphQL; the rest keeps working', async () => {
    const tenant = await platform.tenant({ stock: true });
    const booking = {
      customer_name: 'Camille Martin',
      party_size: 2,
      start_time: at(fridayAhead(), '20:00'),
    };
    expect((await tenant.rest('GET', '/inventory/items')).status).toBe(200);

    await platform.platform.subgraphs.find((subgraph) => subgraph.name === 'inventory')!.stop();

    const items = await tenant.rest('GET', '/inventory/items');
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
  });
});
