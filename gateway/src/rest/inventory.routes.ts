import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RestRouteDeps } from './rest-api';
import {
  INVENTORY_ITEM_FIELDS,
  inventoryItemJson,
  STOCK_MOVEMENT_FIELDS,
  stockMovementJson,
  type GraphQLInventoryItem,
  type GraphQLStockMovement,
} from './inventory-json';
import { setValidators } from '../http/http-caching';
import { pageJson, type GraphQLPage } from './pagination';
import { parseInput } from './validation';

const MOVEMENT_TYPES = ['receipt', 'sale', 'waste', 'adjustment', 'transfer'] as const;
const UNITS = ['unit', 'g', 'kg', 'ml', 'l'] as const;

const MovementBody = z
  .object({
    item_id: z.string().min(1).max(64),
    type: z.enum(MOVEMENT_TYPES),
    quantity: z.number(),
    reason: z.string().max(500).nullish(),
  })
  .strict();

const StockBody = z
  .object({
    quantity: z.number(),
    reason: z.string().max(500).nullish(),
  })
  .strict();

const ListQuery = z
  .object({
    low_stock: z.enum(['true', 'false']).optional(),
    unit: z.enum(UNITS).optional(),
    search: z.string().min(1).max(200).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().min(1).max(64).optional(),
  })
  .strict();

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
  { execute, contextOf, notFound }: RestRouteDeps,
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
    return setValidators(reply, item).send(inventoryItemJson(item));
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
    return { ...inventoryItemJson(movement.item), movement_id: movement.id };
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
    return { data: items.map(inventoryItemJson) };
  });
}
