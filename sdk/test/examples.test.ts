import { bookATable } from '../examples/book-a-table';
import { followTheKitchen } from '../examples/follow-the-kitchen';
import { orderAndPayCash } from '../examples/order-and-pay-cash';
import { SottoClient } from '../src';
import { bootTestPlatform, type TestPlatform } from '../../test/support/test-platform';
import { at, fridayAhead } from '../../subgraphs/reservations/test/floor';

let platform: TestPlatform;
const clients: SottoClient[] = [];

beforeAll(async () => {
  platform = await bootTestPlatform();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

afterAll(() => platform?.stop());

/** A client of a new sandbox restaurant with the demo data, signed in with its API key only. */
async function demoClient(): Promise<SottoClient> {
  const tenant = await platform.tenant();
  const client = new SottoClient({ baseUrl: platform.url, apiKey: tenant.apiKey });
  clients.push(client);
  return client;
}

describe('the SDK examples against a running platform', () => {
  it('places the spec order, serves it and pays it in cash: the order ends paid', async () => {
    const outcome = await orderAndPayCash(await demoClient());
    expect(outcome.total).toBe(18.7);
    expect(outcome.payment).toMatchObject({
      order_id: outcome.orderId,
      method: 'cash',
      status: 'completed',
      amount: 18.7,
    });
    expect(outcome.orderStatus).toBe('PAID');
  });

  it('books the best table for four and confirms it through REST', async () => {
    const outcome = await bookATable(await demoClient(), at(fridayAhead(), '20:00'));
    expect(outcome.booked).toBe(true);
    expect(outcome.tables).toEqual(outcome.bestFit);
    expect(outcome.tables).toHaveLength(1);
    expect(outcome.status).toBe('confirmed');
    expect(outcome.reservationId).toMatch(/^res_/);
  });

  it("follows the grill's tickets live until the burger is ready and the ticket leaves", async () => {
    const outcome = await followTheKitchen(await demoClient());
    const states = outcome.seen.map((entry) => entry.items);
    expect(states[0]).toEqual(['Burger Classique: PENDING']);
    expect(states).toContainEqual(['Burger Classique: PREPARING']);
    expect(states.at(-1)).toEqual([]);
  });
});
