import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RestRouteDeps } from './rest-api';
import { etagOf, ORDER_FIELDS, orderJson, type GraphQLOrder } from './order-json';
import {
  ORDER_ITEM_STATUSES,
  ORDER_STATUSES,
} from '../../../subgraphs/orders/src/order-state-machine';
import { setValidators } from '../http/http-caching';
import { pageJson, type GraphQLPage } from './pagination';
import { expectedVersionFrom, parseInput } from './validation';

const INT32 = z.number().int().min(-2_147_483_648).max(2_147_483_647);

const ItemBody = z
  .object({
    menu_item_id: z.string().min(1).max(64),
    quantity: INT32,
    modifiers: z.array(z.string().min(1).max(64)).max(20).nullish(),
    notes: z.string().max(500).nullish(),
  })
  .strict();

const OrderBody = z
  .object({
    table_id: z.string().min(1).max(64).nullish(),
    server_id: z.string().min(1).max(64).nullish(),
    items: z.array(ItemBody).max(200),
  })
  .strict();

const ItemsBody = z.object({ items: z.array(ItemBody).min(1).max(200) }).strict();
const StatusBody = z.object({ status: z.enum(ORDER_STATUSES) }).strict();
const ItemStatusBody = z.object({ status: z.enum(ORDER_ITEM_STATUSES) }).strict();

const ListQuery = z
  .object({
    status: z
      .union([z.string(), z.array(z.string())])
      .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')))
      .pipe(z.array(z.enum(ORDER_STATUSES)))
      .optional(),
    table_id: z.string().min(1).max(64).optional(),
    server_id: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().min(1).max(64).optional(),
  })
  .strict();

const lines = (items: z.infer<typeof ItemBody>[]) =>
  items.map((item) => ({
    menuItemId: item.menu_item_id,
    quantity: item.quantity,
    modifiers: item.modifiers ?? [],
    notes: item.notes ?? '',
  }));

const upper = (value: string) => value.toUpperCase();

const CREATE = `mutation RestCreateOrder($input: CreateOrderInput!) {
  order: createOrder(input: $input) { ...RestOrder } } ${ORDER_FIELDS}`;
const GET = `query RestGetOrder($id: ID!) { order(id: $id) { ...RestOrder } } ${ORDER_FIELDS}`;
const LIST = `query RestListOrders($status: [OrderStatus!], $tableId: String, $serverId: String,
    $first: Int, $after: String) {
  orders(status: $status, tableId: $tableId, serverId: $serverId, first: $first, after: $after) {
    nodes { ...RestOrder }
    pageInfo { hasNextPage endCursor }
  } } ${ORDER_FIELDS}`;
const REPLACE = `mutation RestReplaceOrder($id: ID!, $input: ReplaceOrderInput!, $expectedVersion: Int) {
  order: replaceOrder(id: $id, input: $input, expectedVersion: $expectedVersion) { ...RestOrder }
} ${ORDER_FIELDS}`;
const STATUS = `mutation RestChangeOrderStatus($id: ID!, $status: OrderStatus!, $expectedVersion: Int) {
  order: changeOrderStatus(id: $id, status: $status, expectedVersion: $expectedVersion) { ...RestOrder }
} ${ORDER_FIELDS}`;
const ADD_ITEMS = `mutation RestAddOrderItems($id: ID!, $items: [OrderItemInput!]!, $expectedVersion: Int) {
  order: addOrderItems(id: $id, items: $items, expectedVersion: $expectedVersion) { ...RestOrder }
} ${ORDER_FIELDS}`;
const ITEM_STATUS = `mutation RestChangeOrderItemStatus($orderId: ID!, $itemId: ID!,
    $status: OrderItemStatus!, $expectedVersion: Int) {
  order: changeOrderItemStatus(orderId: $orderId, itemId: $itemId, status: $status,
    expectedVersion: $expectedVersion) { ...RestOrder }
} ${ORDER_FIELDS}`;

type Params = { id: string };
type ItemParams = { id: string; itemId: string };

/** The spec's Orders API: six endpoints, plus item status changes for the kitchen. */
export function ordersRoutes(
  app: FastifyInstance,
  { execute, contextOf, notFound }: RestRouteDeps,
) {
  const write = async (
    request: FastifyRequest,
    query: string,
    variables: Record<string, unknown>,
  ) => {
    const { order } = await execute<{ order: GraphQLOrder }>(contextOf(request), query, variables);
    return order;
  };

  const ifMatch = { config: { ifMatch: true } };

  app.post('/orders', async (request, reply) => {
    const body = parseInput(OrderBody, request.body);
    const order = await write(request, CREATE, {
      input: {
        tableId: body.table_id ?? null,
        serverId: body.server_id ?? null,
        items: lines(body.items),
      },
    });
    return reply
      .code(201)
      .header('location', `/api/v1/orders/${order.id}`)
      .header('etag', etagOf(order))
      .send(orderJson(order));
  });

  app.get('/orders', async (request, reply) => {
    const query = parseInput(ListQuery, request.query);
    const { orders } = await execute<{ orders: GraphQLPage<GraphQLOrder> }>(
      contextOf(request),
      LIST,
      {
        status: query.status?.map(upper) ?? null,
        tableId: query.table_id ?? null,
        serverId: query.server_id ?? null,
        first: query.limit,
        after: query.cursor ?? null,
      },
    );
    return pageJson(request, reply, orders, orderJson);
  });

  app.get<{ Params: Params }>('/orders/:id', async (request, reply) => {
    const { order } = await execute<{ order: GraphQLOrder | null }>(contextOf(request), GET, {
      id: request.params.id,
    });
    if (!order) throw notFound('ORDER_NOT_FOUND', 'Order', request.params.id);
    return setValidators(reply, order).send(orderJson(order));
  });

  app.put<{ Params: Params }>('/orders/:id', ifMatch, async (request, reply) => {
    const body = parseInput(OrderBody, request.body);
    const order = await write(request, REPLACE, {
      id: request.params.id,
      input: {
        tableId: body.table_id ?? null,
        serverId: body.server_id ?? null,
        items: lines(body.items),
      },
      expectedVersion: expectedVersionFrom(request.headers['if-match']) ?? null,
    });
    return reply.header('etag', etagOf(order)).send(orderJson(order));
  });

  app.patch<{ Params: Params }>('/orders/:id/status', ifMatch, async (request, reply) => {
    const body = parseInput(StatusBody, request.body);
    const order = await write(request, STATUS, {
      id: request.params.id,
      status: upper(body.status),
      expectedVersion: expectedVersionFrom(request.headers['if-match']) ?? null,
    });
    return reply.header('etag', etagOf(order)).send(orderJson(order));
  });

  app.post<{ Params: Params }>('/orders/:id/items', ifMatch, async (request, reply) => {
    const body = parseInput(ItemsBody, request.body);
    const order = await write(request, ADD_ITEMS, {
      id: request.params.id,
      items: lines(body.items),
      expectedVersion: expectedVersionFrom(request.headers['if-match']) ?? null,
    });
    return reply.header('etag', etagOf(order)).send(orderJson(order));
  });

  app.patch<{ Params: ItemParams }>(
    '/orders/:id/items/:itemId/status',
    ifMatch,
    async (request, reply) => {
      const body = parseInput(ItemStatusBody, request.body);
      const order = await write(request, ITEM_STATUS, {
        orderId: request.params.id,
        itemId: request.params.itemId,
        status: upper(body.status),
        expectedVersion: expectedVersionFrom(request.headers['if-match']) ?? null,
      });
      return reply.header('etag', etagOf(order)).send(orderJson(order));
    },
  );
}
