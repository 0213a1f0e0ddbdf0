import { DateTimeScalar } from '../../../../platform/src/graphql/scalars';
import { basisPointsToRate, centsToAmount } from '../../../../platform/src/money';
import type {
  OrderItemStatus as GraphQLItemStatus,
  OrderStatus as GraphQLOrderStatus,
  OrderItemInput,
  Resolvers,
} from '../__generated__/resolvers-types';
import type { OrderLineInput } from '../order-lines';
import type { OrderItemStatus, OrderStatus } from '../order-state-machine';

/** GraphQL enums are UPPER_CASE; the domain, the database and REST use lower_case. */
const toDomain = <T extends string>(value: string) => value.toLowerCase() as T;
const toGraphQL = <T extends string>(value: string) => value.toUpperCase() as T;

const lines = (items: readonly OrderItemInput[]): OrderLineInput[] =>
  items.map((item) => ({
    menuItemId: item.menuItemId,
    quantity: item.quantity,
    modifiers: item.modifiers,
    notes: item.notes,
  }));

const money = (cents: number, currency: string) => ({ cents, currency });

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    order: (_root, { id }, { services }) => services.orderById.load(id),
    orderBill: (_root, { id }, { services }) => services.orderById.load(id),
    orders: (_root, args, { services }) =>
      services.orders.list({
        statuses: args.status?.map((status) => toDomain<OrderStatus>(status)),
        tableId: args.tableId,
        serverId: args.serverId,
        first: args.first,
        after: args.after,
      }),
  },
  Mutation: {
    createOrder: (_root, { input }, { services }) =>
      services.orders.create({ ...input, items: lines(input.items) }),
    replaceOrder: (_root, { id, input, expectedVersion }, { services }) =>
      services.orders.replace(id, { ...input, items: lines(input.items) }, expectedVersion),
    addOrderItems: (_root, { id, items, expectedVersion }, { services }) =>
      services.orders.addItems(id, lines(items), expectedVersion),
    changeOrderStatus: (_root, { id, status, expectedVersion }, { services }) =>
      services.orders.changeStatus(id, toDomain<OrderStatus>(status), expectedVersion),
    changeOrderItemStatus: (_root, { orderId, itemId, status, expectedVersion }, { services }) =>
      services.orders.changeItemStatus(
        orderId,
        itemId,
        toDomain<OrderItemStatus>(status),
        expectedVersion,
      ),
  },
  Order: {
    __resolveReference: (reference, { services }) => services.orderById.load(reference.id),
    status: (order) => toGraphQL<GraphQLOrderStatus>(order.status),
    items: (order) => order.items.getItems(),
    subtotal: (order) => money(order.subtotalCents, order.currency),
    tax: (order) => money(order.taxCents, order.currency),
    total: (order) => money(order.totalCents, order.currency),
  },
  OrderBill: {
    orderId: (order) => order.id,
    status: (order) => toGraphQL<GraphQLOrderStatus>(order.status),
    total: (order) => money(order.totalCents, order.currency),
  },
  OrderItem: {
    menuItem: (item) => ({ __typename: 'MenuItem', id: item.menuItemId }),
    unitPrice: (item) => money(item.unitPriceCents, item.order.currency),
    lineTotal: (item) => money(item.lineTotalCents(), item.order.currency),
    taxRate: (item) => basisPointsToRate(item.taxRateBasisPoints),
    status: (item) => toGraphQL<GraphQLItemStatus>(item.status),
  },
  OrderConnection: {
    nodes: (page) => page.orders,
    edges: (page) => page.orders.map((order) => ({ cursor: order.id, node: order })),
    pageInfo: (page) => ({ hasNextPage: page.hasNextPage, endCursor: page.endCursor }),
  },
  Money: {
    amount: (value) => centsToAmount(value.cents),
  },
};
