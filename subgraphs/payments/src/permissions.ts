import { or, requires, type SubgraphPermissions } from '../../../platform/src/graphql/shield';

/** Reading payments: whoever may take or refund them. */
const readsPayments = or(requires('payments:write'), requires('payments:refund'));

/** Who may call what in schema/payments.graphql. A root field without a rule is denied. */
export const paymentsPermissions: SubgraphPermissions = {
  Query: {
    payment: readsPayments,
    paymentMethods: readsPayments,
  },
  Mutation: {
    createPayment: requires('payments:write'),
    refundPayment: requires('payments:refund'),
    configureTerminalProvider: requires('payments:configure'),
  },
  // `Order.payments` and `Order.amountDue` are read with the order.
  entities: { Payment: 'payments:write', Order: 'orders:read' },
};
