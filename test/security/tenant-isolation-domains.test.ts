import { at, fridayAhead } from '../../subgraphs/reservations/test/floor';
import {
  SPEC_ORDER,
  bootTestPlatform,
  type HttpAnswer,
  type TestPlatform,
  type TestTenant,
} from '../support/test-platform';

/**
 * Stock items and reservations of one tenant, attacked from another restaurant and from the
 * same restaurant's other environments, over REST and GraphQL: every attempt is a 404 (or an
 * unknown reference), and the victim's data is exactly as it was. Adding a route means adding
 * one row to ATTEMPTS.
 */

let platform: TestPlatform;
let victim: TestTenant;
let itemId: string;
let reservationId: string;
let webhookId: string;
/** A completed cash payment of the victim's, and its order. */
let paymentId: string;
let victimOrderId: string;

type Relation = 'other restaurant' | 'same restaurant, staging' | 'same restaurant, production';
const RELATIONS: Relation[] = [
  'other restaurant',
  'same restaurant, staging',
  'same restaurant, production',
];
const attackers = new Map<Relation, TestTenant>();

const booking = {
  customer_name: 'Camille Martin',
  party_size: 2,
  start_time: at(fridayAhead(), '20:00'),
};

async function victimState() {
  const [item, reservation, movements, webhook, deliveries, payment, orderPayments] =
    await Promise.all([
      victim.rest('GET', `/inventory/items/${itemId}`),
      victim.rest('GET', `/reservations/${reservationId}`),
      victim.graphql('query($id: ID!) { inventoryItem(id: $id) { movements { id } } }', {
        id: itemId,
      }),
      victim.rest('GET', `/webhooks/${webhookId}`),
      victim.rest('GET', `/webhooks/${webhookId}/deliveries`),
      victim.rest('GET', `/payments/${paymentId}`),
      victim.graphql('query($id: ID!) { order(id: $id) { payments { id } amountDue { cents } } }', {
        id: victimOrderId,
      }),
    ]);
  return {
    item: item.body,
    reservation: reservation.body,
    movements: movements.body.data,
    webhook: webhook.body,
    deliveries: deliveries.body,
    payment: payment.body,
    orderPayments: orderPayments.body.data,
  };
}

interface Attempt {
  name: string;
  run(attacker: TestTenant): Promise<HttpAnswer>;
  /** What a refusal looks like: the REST code, or the GraphQL field that must be null/absent. */
  refused: { rest: string } | { graphql: string; code?: string };
}

const ATTEMPTS: Attempt[] = [
  {
    name: 'REST GET /inventory/items/{id}',
    run: (a) => a.rest('GET', `/inventory/items/${itemId}`),
    refused: { rest: 'inventory_item_not_found' },
  },
  {
    name: 'REST PATCH /inventory/items/{id}/stock',
    run: (a) => a.rest('PATCH', `/inventory/items/${itemId}/stock`, { quantity: 0 }),
    refused: { rest: 'inventory_item_not_found' },
  },
  {
    name: 'REST POST /inventory/movements on the victim’s item',
    run: (a) =>
      a.rest('POST', '/inventory/movements', { item_id: itemId, type: 'waste', quantity: 1 }),
    refused: { rest: 'unknown_inventory_item' },
  },
  {
    name: 'REST GET /reservations/{id}',
    run: (a) => a.rest('GET', `/reservations/${reservationId}`),
    refused: { rest: 'reservation_not_found' },
  },
  {
    name: 'REST PUT /reservations/{id}',
    run: (a) => a.rest('PUT', `/reservations/${reservationId}`, { ...booking, party_size: 4 }),
    refused: { rest: 'reservation_not_found' },
  },
  {
    name: 'REST PATCH /reservations/{id}/status',
    run: (a) => a.rest('PATCH', `/reservations/${reservationId}/status`, { status: 'cancelled' }),
    refused: { rest: 'reservation_not_found' },
  },
  {
    name: 'GraphQL inventoryItem(id)',
    run: (a) => a.graphql('query($id: ID!) { inventoryItem(id: $id) { id } }', { id: itemId }),
    refused: { graphql: 'inventoryItem' },
  },
  {
    name: 'GraphQL setStockLevel',
    run: (a) =>
      a.graphql('mutation($id: ID!) { setStockLevel(itemId: $id, quantity: 0) { id } }', {
        id: itemId,
      }),
    refused: { graphql: 'setStockLevel', code: 'INVENTORY_ITEM_NOT_FOUND' },
  },
  {
    name: 'GraphQL reservation(id)',
    run: (a) => a.graphql('query($id: ID!) { reservation(id: $id) { id } }', { id: reservationId }),
    refused: { graphql: 'reservation' },
  },
  {
    name: 'GraphQL changeReservationStatus',
    run: (a) =>
      a.graphql(
        'mutation($id: ID!) { changeReservationStatus(id: $id, status: CANCELLED) { id } }',
        { id: reservationId },
      ),
    refused: { graphql: 'changeReservationStatus', code: 'RESERVATION_NOT_FOUND' },
  },
  {
    name: 'REST GET /webhooks/{id}',
    run: (a) => a.rest('GET', `/webhooks/${webhookId}`),
    refused: { rest: 'webhook_not_found' },
  },
  {
    name: 'REST DELETE /webhooks/{id}',
    run: (a) => a.rest('DELETE', `/webhooks/${webhookId}`),
    refused: { rest: 'webhook_not_found' },
  },
  {
    name: 'REST POST /webhooks/{id}/rotate-secret',
    run: (a) => a.rest('POST', `/webhooks/${webhookId}/rotate-secret`, {}),
    refused: { rest: 'webhook_not_found' },
  },
  {
    name: 'REST POST /webhooks/{id}/test',
    run: (a) => a.rest('POST', `/webhooks/${webhookId}/test`, { event: 'order.created' }),
    refused: { rest: 'webhook_not_found' },
  },
  {
    name: 'REST GET /webhooks/{id}/deliveries',
    run: (a) => a.rest('GET', `/webhooks/${webhookId}/deliveries`),
    refused: { rest: 'webhook_not_found' },
  },
  {
    name: 'GraphQL webhook(id)',
    run: (a) => a.graphql('query($id: ID!) { webhook(id: $id) { id } }', { id: webhookId }),
    refused: { graphql: 'webhook' },
  },
  {
    name: 'GraphQL rotateWebhookSecret',
    run: (a) =>
      a.graphql('mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }', {
        id: webhookId,
      }),
    refused: { graphql: 'rotateWebhookSecret', code: 'WEBHOOK_NOT_FOUND' },
  },
  {
    name: 'GraphQL deleteWebhook',
    run: (a) =>
      a.graphql('mutation($id: ID!) { deleteWebhook(id: $id) { id } }', { id: webhookId }),
    refused: { graphql: 'deleteWebhook', code: 'WEBHOOK_NOT_FOUND' },
  },
  {
    name: 'REST GET /payments/{id}',
    run: (a) => a.rest('GET', `/payments/${paymentId}`),
    refused: { rest: 'payment_not_found' },
  },
  {
    name: 'REST POST /payments/{id}/refund',
    run: (a) => a.rest('POST', `/payments/${paymentId}/refund`, { amount: 1 }),
    refused: { rest: 'payment_not_found' },
  },
  {
    name: 'REST POST /payments on the victim’s order',
    run: (a) => a.rest('POST', '/payments', { order_id: victimOrderId, method: 'cash', amount: 1 }),
    refused: { rest: 'order_not_found' },
  },
  {
    name: 'GraphQL payment(id)',
    run: (a) => a.graphql('query($id: ID!) { payment(id: $id) { id } }', { id: paymentId }),
    refused: { graphql: 'payment' },
  },
  {
    name: 'GraphQL refundPayment',
    run: (a) =>
      a.graphql('mutation($id: ID!) { refundPayment(id: $id, amountCents: 100) { id } }', {
        id: paymentId,
      }),
    refused: { graphql: 'refundPayment', code: 'PAYMENT_NOT_FOUND' },
  },
];

beforeAll(async () => {
  platform = await bootTestPlatform();
  // The victim's state is read before and after every attempt: past the default rate limit.
  victim = await platform.tenant({ stock: true, role: 'admin', rateLimitPerMinute: 100_000 });
  itemId = (await victim.rest('GET', '/inventory/items?limit=1')).body.data[0].item_id;
  const created = await victim.rest('POST', '/reservations', booking);
  expect(created.status).toBe(201);
  reservationId = created.body.reservation_id;
  // An event nothing here causes: no delivery attempt changes the victim's state mid-test.
  const webhook = await victim.rest('POST', '/webhooks', {
    event: 'reservation.arrived',
    target_url: 'http://127.0.0.1:9/hooks',
  });
  expect(webhook.status).toBe(201);
  webhookId = webhook.body.webhook_id;
  victimOrderId = (await victim.rest('POST', '/orders', SPEC_ORDER)).body.order_id;
  const payment = await victim.rest('POST', '/payments', {
    order_id: victimOrderId,
    method: 'cash',
    amount: 10,
  });
  expect(payment.status).toBe(201);
  paymentId = payment.body.payment_id;
  attackers.set('other restaurant', await platform.tenant({ stock: true }));
  for (const environment of ['staging', 'production'] as const) {
    attackers.set(
      `same restaurant, ${environment}`,
      await platform.tenant({ restaurantId: victim.restaurantId, environment, stock: true }),
    );
  }
});

afterAll(() => platform?.stop());

describe.each(RELATIONS)('from %s', (relation) => {
  it.each(ATTEMPTS)('$name is refused as unknown and changes nothing', async (attempt) => {
    const before = await victimState();
    const answer = await attempt.run(attackers.get(relation)!);
    if ('rest' in attempt.refused) {
      expect(answer.status).toBe(attempt.refused.rest.startsWith('unknown_') ? 422 : 404);
      expect(answer.body.error.code).toBe(attempt.refused.rest);
    } else {
      expect(answer.body.data?.[attempt.refused.graphql] ?? null).toBeNull();
      if (attempt.refused.code) {
        expect(answer.body.errors[0].extensions.code).toBe(attempt.refused.code);
      }
    }
    expect(await victimState()).toEqual(before);
  });

  it('lists show none of the victim’s stock items or reservations', async () => {
    const attacker = attackers.get(relation)!;
    const items = await attacker.rest('GET', '/inventory/items?limit=100');
    expect(items.body.data.map((item: { item_id: string }) => item.item_id)).not.toContain(itemId);
    const reservations = await attacker.rest('GET', '/reservations?limit=100');
    expect(reservations.status).toBe(200);
    expect(reservations.body.data).toEqual([]);
    expect((await attacker.rest('GET', '/webhooks')).body.data).toEqual([]);
  });
});

it('the victim’s own second key does see both (the attempts above can succeed)', async () => {
  const sameTenant = await platform.tenant({ restaurantId: victim.restaurantId, menu: false });
  expect((await sameTenant.rest('GET', `/inventory/items/${itemId}`)).status).toBe(200);
  expect((await sameTenant.rest('GET', `/reservations/${reservationId}`)).status).toBe(200);
  expect((await sameTenant.rest('GET', `/webhooks/${webhookId}`)).status).toBe(200);
  expect((await sameTenant.rest('GET', `/payments/${paymentId}`)).status).toBe(200);
});
