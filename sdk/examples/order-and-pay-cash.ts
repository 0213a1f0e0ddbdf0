import {
  ChangeOrderStatusDocument,
  CreateOrderDocument,
  OrderDocument,
  type OrderStatus,
  type RestSchemas,
  type SottoClient,
} from '../src';
import { runExample } from './example-client';

/**
 * Takes the spec's order at table 12 through GraphQL, serves it, and pays it in cash through
 * REST. The platform marks the order paid once its payments cover the total.
 */
export async function orderAndPayCash(client: SottoClient) {
  const { createOrder: order } = await client.graphql(CreateOrderDocument, {
    input: {
      tableId: '12',
      serverId: 'server_3429',
      items: [
        {
          menuItemId: 'burger_1',
          quantity: 1,
          modifiers: ['no_onions', 'medium_rare'],
          notes: 'Sauce à part',
        },
        { menuItemId: 'fries_regular', quantity: 1 },
      ],
    },
  });

  // The kitchen cooks, the server serves: each step checks the version it read.
  let version = order.version;
  for (const status of ['IN_PROGRESS', 'READY', 'SERVED'] as OrderStatus[]) {
    const { changeOrderStatus } = await client.graphql(ChangeOrderStatusDocument, {
      id: order.id,
      status,
      expectedVersion: version,
    });
    version = changeOrderStatus.version;
  }

  const payment = await client.rest.post<RestSchemas['Payment']>('/payments', {
    order_id: order.id,
    method: 'cash',
    amount: order.total.amount,
  });

  // Settlement follows the payment's event: read the order until it says paid.
  let status: OrderStatus = 'SERVED';
  for (let tries = 0; status !== 'PAID' && tries < 100; tries += 1) {
    if (tries > 0) await new Promise((resolve) => setTimeout(resolve, 100));
    status = (await client.graphql(OrderDocument, { id: order.id })).order?.status ?? status;
  }
  return { orderId: order.id, total: order.total.amount, payment, orderStatus: status };
}

if (require.main === module) runExample(orderAndPayCash);
