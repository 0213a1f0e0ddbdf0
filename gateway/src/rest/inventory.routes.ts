import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RestRouteDeps } from './rest-api';
import {
  INVENTORY_ITEM_FIELDS,
  inventoryItemJson,
  InventoryItemJson,
  STOCK_MOVEMENT_FIELDS,
  stockMovementJson,
  StockMovementJson,
  type GraphQLInventoryItem,
  type GraphQLStockMovement,
} from './inventory-json';
import { setValidators } from '../http/http-caching';
import { pageJson, type GraphQLPage } from './pagination';
import { parseInput } from './validation';
import { list, page } from './openapi/json-schemas';
import {
  IdParams,
  requestSchema,
  responseSchema,
  type RestOperation,
} from './openapi/rest-operation';

const MOVEMENT_TYPES = ['receipt', 'sale', 'waste', 'adjustment', 'transfer'] as const;
const UNITS = ['unit', 'g', 'kg', 'ml', 'l'] as const;

const MovementBody = requestSchema(
  'StockMovementRequest',
  z
    .object({
      item_id: z.string().min(1).max(64),
      type: z.enum(MOVEMENT_TYPES),
      quantity: z.number().meta({ description: 'Positive; signed for an adjustment' }),
      reason: z.string().max(500).nullish(),
    })
    .strict(),
);

const StockBody = requestSchema(
  'StockLevelRequest',
  z
    .object({
      quantity: z.number().meta({ description: "The counted stock, in the item's unit" }),
      reason: z.string().max(500).nullish(),
    })
    .strict(),
);

const InventoryPageJson = responseSchema('InventoryItemPage', page(InventoryItemJson));
const InventoryListJson = responseSchema('InventoryItemList', list(InventoryItemJson));
const StockLevelJson = responseSchema(
  'StockLevel',
  InventoryItemJson.extend({
    movement_id: z.string().meta({ description: 'The adjustment the count recorded' }),
  }),
  { description: 'The stock item after the count' },
);

const ListQuery = z
  .object({
    low_stock: z.enum(['true', 'false']).optional(),
    unit: z.enum(UNITS).optional(),
    search: z.string().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().min(1).max(64).optional(),
  })
  .strict();

const ITEM_ID = { id: 'inv_8sD3fG5hJk' };

export const INVENTORY_OPERATIONS: RestOperation[] = [
  {
    method: 'get',
    path: '/inventory/items',
    operationId: 'listInventoryItems',
    summary: 'List stock items',
    tag: 'Inventory',
    query: ListQuery,
    responses: {
      200: { description: 'A page of stock items', schema: InventoryPageJson, headers: ['Link'] },
    },
    example: { query: { low_stock: 'true' } },
  },
  {
    method: 'get',
    path: '/inventory/items/{id}',
    operationId: 'getInventoryItem',
    summary: 'Get a stock item',
    tag: 'Inventory',
    params: IdParams,
    responses: {
      200: { description: 'The stock item', schema: InventoryItemJson, headers: ['ETag'] },
    },
    example: { params: ITEM_ID },
  },
  {
    method: 'patch',
    path: '/inventory/items/{id}/stock',
    operationId: 'setStockLevel',
    summary: 'Set the stock level (a count)',
    description: 'Records an adjustment movement from the current stock to the counted one.',
    tag: 'Inventory',
    params: IdParams,
    body: StockBody,
    responses: { 200: { description: 'The stock item after the count', schema: StockLevelJson } },
    example: { params: ITEM_ID, body: { quantity: 12.5, reason: 'Comptage du soir' } },
  },
  {
    method: 'get',
    path: '/inventory/alerts',
    operationId: 'listInventoryAlerts',
    summary: 'List low-stock alerts',
    tag: 'Inventory',
    responses: {
      200: { description: 'The items at or below their threshold', schema: InventoryListJson },
    },
  },
  {
    method: 'post',
    path: '/inventory/movements',
    operationId: 'recordStockMovement',
    summary: 'Record a stock movement',
    description:
      'A receipt, sale, waste, adjustment or transfer; stock never goes below zero (409).',
    tag: 'Inventory',
    body: MovementBody,
    responses: { 201: { description: 'The movement', schema: StockMovementJson } },
    example: {
      body: { item_id: 'inv_8sD3fG5hJk', type: 'receipt', quantity: 10, reason: 'Livraison Metro' },
    },
  },
];

const GET = `query RestGetInventoryItem($id: ID!) {
  item: inventoryItem(id: $id) { ...RestInventoryItem } } ${INVENTORY_ITEM_FIELDS}`;
const LIST = `query RestListInventoryItems($lowStock: Boolean, $unit: String, $search: String,
    $first: Int, $after: String) {
  items: inventoryItems(lowStock: $lowStock, unit: $unit, search: $search, first: $first,
    after: $after) {
    nodes { ...RestInventoryItem }
    pageInfo { hasNextPage endCursor }
  } } ${INVENTORY_ITEM_FIELDS}`;
const ALERTS = `query RestInventoryAlerts {
  items: inventoryAlerts { ...RestInventoryItem } } ${INVENTORY_ITEM_FIELDS}`;
const SET_LEVEL = `mutation RestSetStockLevel($itemId: ID!, $quantity: Float!, $reason: String) {
  movement: setStockLevel(itemId: $itemId, quantity: $quantity, reason: $reason) {
    id
    item { ...RestInventoryItem }
  } } ${INVENTORY_ITEM_FIELDS}`;
const MOVE = `mutation RestRecordStockMovement($input: StockMovementInput!) {
  movement: recordStockMovement(input: $input) { ...RestStockMovement } } ${STOCK_MOVEMENT_FIELDS}`;

type Params = { id: string };

/** The spec's Inventory API: items, a stock count, movements and low-stock alerts. */
export function inventoryRoutes(
  app: FastifyInstance,
  { execute, contextOf, notFound, sendJson }: RestRouteDeps,
) {
  app.get('/inventory/items', async (request, reply) => {
    const query = parseInput(ListQuery, request.query);
    const { items } = await execute<{
      items: GraphQLPage<GraphQLInventoryItem>;
    }>(contextOf(request), LIST, {
      lowStock: query.low_stock === undefined ? null : query.low_stock === 'true',
      unit: query.unit ?? null,
      search: query.search ?? null,
      first: query.limit,
      after: query.cursor ?? null,
    });
    return pageJson(request, reply, items, inventoryItemJson);
  });

  // No version number: the strong ETag is a hash of the item's JSON.
  const single = { config: { etag: 'strong' as const } };
  app.get<{ Params: Params }>('/inventory/items/:id', single, async (request, reply) => {
    const { item } = await execute<{ item: GraphQLInventoryItem | null }>(contextOf(request), GET, {
      id: request.params.id,
    });
    if (!item) throw notFound('INVENTORY_ITEM_NOT_FOUND', 'Inventory item', request.params.id);
    return sendJson(setValidators(reply, item), item, inventoryItemJson);
  });

  app.patch<{ Params: Params }>('/inventory/items/:id/stock', async (request) => {
    const body = parseInput(StockBody, request.body);
    const { movement } = await execute<{
      movement: { id: string; item: GraphQLInventoryItem };
    }>(contextOf(request), SET_LEVEL, {
      itemId: request.params.id,
      quantity: body.quantity,
      reason: body.reason ?? null,
    });
    const answer: z.infer<typeof StockLevelJson> = {
      ...inventoryItemJson(movement.item),
      movement_id: movement.id,
    };
    return answer;
  });

  app.post('/inventory/movements', async (request, reply) => {
    const body = parseInput(MovementBody, request.body);
    const { movement } = await execute<{ movement: GraphQLStockMovement }>(
      contextOf(request),
      MOVE,
      {
        input: {
          itemId: body.item_id,
          type: body.type.toUpperCase(),
          quantity: body.quantity,
          reason: body.reason ?? null,
        },
      },
    );
    return reply.code(201).send(stockMovementJson(movement));
  });

  app.get('/inventory/alerts', async (request) => {
    const { items } = await execute<{ items: GraphQLInventoryItem[] }>(contextOf(request), ALERTS);
    const answer: z.infer<typeof InventoryListJson> = { data: items.map(inventoryItemJson) };
    return answer;
  });
}
