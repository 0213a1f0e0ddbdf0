import type { SubgraphClient } from '../../../platform/src/graphql/subgraph-client';
import type { Caller } from '../../../platform/src/tenancy/tenant';

/** What payments needs to know of an order: whether it can be paid, and its total. */
export interface OrderBill {
  orderId: string;
  /** The order's status in lower case, as the orders domain names it. */
  status: string;
  totalCents: number;
  currency: string;
}

const ORDER_BILL_QUERY = /* GraphQL */ `
  query OrderBillForPayment($id: ID!) {
    orderBill(id: $id) {
      orderId
      status
      total {
        cents
        currency
      }
    }
  }
`;

interface OrderBillForPayment {
  orderBill: {
    orderId: string;
    status: string;
    total: { cents: number; currency: string };
  } | null;
}

/** Orders that a payment is never taken for. */
export const UNPAYABLE_ORDER_STATUSES = ['cancelled', 'closed'];

/** Reads an order's bill from the orders subgraph, as the caller: one request. */
export class OrdersClient {
  constructor(private readonly client: SubgraphClient) {}

  async bill(caller: Caller, orderId: string): Promise<OrderBill | null> {
    const data = await this.client.request<OrderBillForPayment>(caller, ORDER_BILL_QUERY, {
      id: orderId,
    });
    if (!data.orderBill) return null;
    return {
      orderId: data.orderBill.orderId,
      status: data.orderBill.status.toLowerCase(),
      totalCents: data.orderBill.total.cents,
      currency: data.orderBill.total.currency,
    };
  }
}
