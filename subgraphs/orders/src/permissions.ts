import { or, requires, type SubgraphPermissions } from '../../../platform/src/graphql/shield';

/** Who may call what in schema/orders.graphql. A root field without a rule is denied. */
export const ordersPermissions: SubgraphPermissions = {
  Query: {
    order: requires('orders:read'),
    orders: requires('orders:read'),
    // Payments reads the bill as whoever takes or refunds a payment.
    orderBill: or(requires('orders:read'), requires('payments:write'), requires('payments:refund')),
  },
  Mutation: {
    createOrder: requires('orders:write'),
    replaceOrder: requires('orders:write'),
    addOrderItems: requires('orders:write'),
    changeOrderStatus: requires('orders:write'),
    changeOrderItemStatus: requires('orders:item_status'),
  },
  entities: { Order: 'orders:read' },
};
