import { DateTimeScalar } from '../../../../platform/src/graphql/scalars';
import { centsToAmount, DEFAULT_CURRENCY } from '../../../../platform/src/money';
import type {
  PaymentMethod as GraphQLMethod,
  PaymentStatus as GraphQLStatus,
  Resolvers,
} from '../__generated__/resolvers-types';
import type { PaymentMethod } from '../payment-state-machine';

/** GraphQL enums are UPPER_CASE; the domain, the database and REST use lower_case. */
const toDomain = <T extends string>(value: string) => value.toLowerCase() as T;
const toGraphQL = <T extends string>(value: string) => value.toUpperCase() as T;

const money = (cents: number, currency: string) => ({ cents, currency });

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    payment: (_root, { id }, { services }) => services.paymentById.load(id),
    paymentMethods: async (_root, _args, { services }) => ({
      methods: await services.payments.methods(),
      providers: await services.providerAccounts.states(),
    }),
  },
  Mutation: {
    createPayment: (_root, { input }, { services }) =>
      services.payments.create({ ...input, method: toDomain<PaymentMethod>(input.method) }),
    refundPayment: (_root, { id, amountCents, reason }, { services }) =>
      services.payments.refund(id, amountCents, reason),
    configureTerminalProvider: (_root, { provider, credentials }, { services }) =>
      services.providerAccounts.configure(provider, credentials),
  },
  Payment: {
    __resolveReference: (reference, { services }) => services.paymentById.load(reference.id),
    order: (payment) => ({ id: payment.orderId }),
    status: (payment) => toGraphQL<GraphQLStatus>(payment.status),
    method: (payment) => toGraphQL<GraphQLMethod>(payment.method),
    amount: (payment) => money(payment.amountCents, payment.currency),
    tip: (payment) => money(payment.tipCents, payment.currency),
    refunded: (payment) => money(payment.refundedCents, payment.currency),
    refundable: (payment) => money(payment.refundableCents(), payment.currency),
    refunds: (payment, _args, { services }) => services.refundsByPayment.load(payment.id),
  },
  Refund: {
    paymentId: (refund) => refund.payment.id,
    payment: (refund, _args, { services }) =>
      services.paymentById.load(refund.payment.id).then((payment) => payment ?? refund.payment),
    amount: (refund) => money(refund.amountCents, refund.currency),
  },
  PaymentMethodState: {
    method: (state) => toGraphQL<GraphQLMethod>(state.method),
    cap: (state) => (state.capCents === null ? null : money(state.capCents, DEFAULT_CURRENCY)),
  },
  Order: {
    __resolveReference: (reference) => reference,
    payments: (order, _args, { services }) => services.paymentsByOrder.load(order.id),
    amountDue: async (order, _args, { services }) => {
      const total = order.total ?? { cents: 0, currency: DEFAULT_CURRENCY };
      const payments = await services.paymentsByOrder.load(order.id);
      return money(services.payments.amountDue(payments, total.cents), total.currency);
    },
  },
  Money: {
    amount: (value) => centsToAmount(value.cents),
  },
};
