import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RestRouteDeps } from './rest-api';
import {
  etagOf,
  ORDER_FIELDS,
  orderJson,
  OrderJson,
  OrderPageJson,
  type GraphQLOrder,
} from './order-json';
import { IdParams, requestSchema, type RestOperation } from './openapi/rest-operation';
import {
  ORDER_ITEM_STATUSES,
  ORDER_STATUSES,
} from '../../../subgraphs/orders/src/order-state-machine';
import { setValidators } from '../http/http-caching';
import { pageJson, type GraphQLPage } from './pagination';
import { expectedVersionFrom, parseInput } from './validation';

const INT32 = z.number().int().min(-2_147_483_648).max(2_147_483_647);

const ItemBody = requestSchema(
  'OrderItemRequest',
  z
    .object({
      menu_item_id: z.string().min(1).max(64),
      quantity: INT32,
      modifiers: z.array(z.string().min(1).max(64)).max(20).nullish(),
      notes: z.string().max(500).nullish(),
    })
    .strict(),
);

const OrderBody = requestSchema(
  'OrderRequest',
  z
    .object({
      table_id: z.string().min(1).max(64).nullish(),
      server_id: z.string().min(1).max(64).nullish(),
      items: z.array(ItemBody).max(200),
    })
    .strict(),
  { description: "An order: the table, the server and the items, by the menu's ids" },
);

const ItemsBody = requestSchema(
  'OrderItemsRequest',
  z.object({ items: z.array(ItemBody).min(1).max(200) }).strict(),
);
const StatusBody = requestSchema(
  'OrderStatusRequest',
  z.object({ status: z.enum(ORDER_STATUSES) }).strict(),
);
const ItemStatusBody = requestSchema(
  'OrderItemStatusRequest',
  z.object({ status: z.enum(ORDER_ITEM_STATUSES) }).strict(),
);

const ListQuery = z
  .object({
    status: z
      .union([z.string(), z.array(z.string())])
      .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')))
      .pipe(z.array(z.enum(ORDER_STATUSES)))
      .optional()
      .meta({
        description: `One or more, comma-separated or repeated: ${ORDER_STATUSES.join(', ')}`,
      }),
    table_id: z.string().min(1).max(64).optional(),
    server_id: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().min(1).max(64).optional(),
  })
  .strict();

const ItemParams = z.object({ id: z.string().min(1), itemId: z.string().min(1) });

/** The spec's example request, verbatim. */
const SPEC_ORDER_REQUEST = {
  table_id: '12',
  server_id: 'server_3429',
  items: [
    {
      menu_item_id: 'burger_1',
      quantity: 1,
      modifiers: ['no_onions', 'medium_rare'],
      notes: 'Sauce à part',
    },
    { menu_item_id: 'fries_regular', quantity: 1, modifiers: [], notes: '' },
  ],
};

const ORDER_ID = { id: 'ord_38592' };
const changed = (description: string) => ({
  200: { description, schema: OrderJson, headers: ['ETag' as const] },
});

export const ORDER_OPERATIONS: RestOperation[] = [
  {
    method: 'get',
    path: '/orders',
    operationId: 'listOrders',
    summary: 'List orders',
    description: 'Newest first, a page at a time; `status` takes one or more statuses.',
    tag: 'Orders',
    query: ListQuery,
    responses: {
      200: { description: 'A page of orders', schema: OrderPageJson, headers: ['Link'] },
    },
    example: { query: { status: 'created,in_progress', limit: '20' } },
  },
  {
    method: 'post',
    path: '/orders',
    operationId: 'createOrder',
    summary: 'Create an order',
    description:
      'Prices and names come from the menu and are kept on the order. VAT per rate, rounded once per rate. `order.created` is sent to webhooks and subscriptions.',
    tag: 'Orders',
    body: OrderBody,
    responses: {
      201: { description: 'The order', schema: OrderJson, headers: ['Location', 'ETag'] },
    },
    example: { body: SPEC_ORDER_REQUEST },
  },
  {
    method: 'get',
    path: '/orders/{id}',
    operationId: 'getOrder',
    summary: 'Get an order',
    tag: 'Orders',
    params: IdParams,
    responses: {
      200: { description: 'The order', schema: OrderJson, headers: ['ETag', 'Last-Modified'] },
    },
    example: { params: ORDER_ID },
  },
  {
    method: 'put',
    path: '/orders/{id}',
    operationId: 'replaceOrder',
    summary: 'Replace an order',
    description: 'Allowed while the order is `created` and every item `pending`.',
    tag: 'Orders',
    params: IdParams,
    body: OrderBody,
    ifMatch: true,
    responses: changed('The order as replaced'),
    example: { params: ORDER_ID, body: SPEC_ORDER_REQUEST },
  },
  {
    method: 'patch',
    path: '/orders/{id}/status',
    operationId: 'changeOrderStatus',
    summary: "Change an order's status",
    description:
      'created → in_progress | cancelled; in_progress → ready | cancelled; ready → served; served → paid; paid → closed. Other changes are a 409 naming the allowed ones.',
    tag: 'Orders',
    params: IdParams,
    body: StatusBody,
    ifMatch: true,
    responses: changed('The order in its new status'),
    example: { params: ORDER_ID, body: { status: 'in_progress' } },
  },
  {
    method: 'post',
    path: '/orders/{id}/items',
    operationId: 'addOrderItems',
    summary: 'Add items to an order',
    tag: 'Orders',
    params: IdParams,
    body: ItemsBody,
    ifMatch: true,
    responses: changed('The order with its new items'),
    example: {
      params: ORDER_ID,
      body: { items: [{ menu_item_id: 'fries_regular', quantity: 2, modifiers: [], notes: '' }] },
    },
  },
  {
    method: 'patch',
    path: '/orders/{id}/items/{itemId}/status',
    operationId: 'changeOrderItemStatus',
    summary: "Change an item's status (the kitchen)",
    description: 'pending → preparing → ready → served; pending and preparing may be cancelled.',
    tag: 'Orders',
    params: ItemParams,
    body: ItemStatusBody,
    ifMatch: true,
    responses: changed('The order with the item in its new status'),
    example: { params: { ...ORDER_ID, itemId: 'itm_12948' }, body: { status: 'preparing' } },
  },
];

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
  { execute, contextOf, notFound, sendJson }: RestRouteDeps,
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
    return sendJson(setValidators(reply, order), order, orderJson);
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
