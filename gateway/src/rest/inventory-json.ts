import { z } from 'zod';
import { instant } from './openapi/json-schemas';
import { responseSchema } from './openapi/rest-operation';

/** The inventory item fields every REST answer selects, in the gateway's GraphQL. */
export const INVENTORY_ITEM_FIELDS = /* GraphQL */ `
  fragment RestInventoryItem on InventoryItem {
    id
    sku
    name
    unit
    quantity
    lowStockThreshold
    lowStock
    lowStockSince
    createdAt
    updatedAt
  }
`;

export const STOCK_MOVEMENT_FIELDS = /* GraphQL */ `
  fragment RestStockMovement on StockMovement {
    id
    item {
      id
    }
    type
    quantity
    quantityAfter
    reason
    createdByKeyId
    createdByRole
    orderId
    createdAt
  }
`;

export interface GraphQLInventoryItem {
  id: string;
  sku: string | null;
  name: string;
  unit: string;
  quantity: number;
  lowStockThreshold: number;
  lowStock: boolean;
  lowStockSince: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface GraphQLStockMovement {
  id: string;
  item: { id: string };
  type: string;
  quantity: number;
  quantityAfter: number;
  reason: string | null;
  createdByKeyId: string | null;
  createdByRole: string | null;
  orderId: string | null;
  createdAt: string;
}

export const InventoryItemJson = responseSchema(
  'InventoryItem',
  z.object({
    item_id: z.string(),
    sku: z.string().nullable(),
    name: z.string(),
    unit: z.string().meta({ examples: ['kg'] }),
    quantity: z.number(),
    low_stock_threshold: z.number(),
    low_stock: z.boolean(),
    low_stock_since: instant.nullable(),
    created_at: instant,
    updated_at: instant,
  }),
  {
    description: "A stock item; quantities in the item's unit",
    examples: [
      {
        item_id: 'inv_8sD3fG5hJk',
        sku: 'BOEUF-HACHE',
        name: 'Steak haché',
        unit: 'kg',
        quantity: 4.2,
        low_stock_threshold: 5,
        low_stock: true,
        low_stock_since: '2023-09-15T13:05:00Z',
        created_at: '2023-09-01T08:00:00Z',
        updated_at: '2023-09-15T13:05:00Z',
      },
    ],
  },
);

export const StockMovementJson = responseSchema(
  'StockMovement',
  z.object({
    movement_id: z.string(),
    item_id: z.string(),
    type: z.string().meta({ examples: ['receipt'] }),
    quantity: z.number().meta({ description: 'As sent: positive, signed only for an adjustment' }),
    change: z.number().meta({ description: 'The signed change of stock' }),
    quantity_after: z.number(),
    reason: z.string().nullable(),
    created_by: z.object({ key_id: z.string(), role: z.string().nullable() }).nullable(),
    order_id: z.string().nullable(),
    created_at: instant,
  }),
  { description: 'A stock movement' },
);

/** A stock item in snake_case; quantities are plain JSON numbers in the item's unit. */
export function inventoryItemJson(item: GraphQLInventoryItem): z.infer<typeof InventoryItemJson> {
  return {
    item_id: item.id,
    sku: item.sku,
    name: item.name,
    unit: item.unit,
    quantity: item.quantity,
    low_stock_threshold: item.lowStockThreshold,
    low_stock: item.lowStock,
    low_stock_since: item.lowStockSince,
    created_at: item.createdAt,
    updated_at: item.updatedAt,
  };
}

/**
 * A movement as REST shows it: `quantity` as the client sends it (positive, signed only for an
 * adjustment), `change` the signed change of stock, `quantity_after` the stock after it.
 */
export function stockMovementJson(
  movement: GraphQLStockMovement,
): z.infer<typeof StockMovementJson> {
  const type = movement.type.toLowerCase();
  return {
    movement_id: movement.id,
    item_id: movement.item.id,
    type,
    quantity: type === 'adjustment' ? movement.quantity : Math.abs(movement.quantity),
    change: movement.quantity,
    quantity_after: movement.quantityAfter,
    reason: movement.reason,
    created_by: movement.createdByKeyId
      ? { key_id: movement.createdByKeyId, role: movement.createdByRole }
      : null,
    order_id: movement.orderId,
    created_at: movement.createdAt,
  };
}

/** A stock item as events carry it (inventory's `itemSnapshot`). */
export interface InventoryItemSnapshot {
  item_id: string;
  sku: string | null;
  name: string;
  unit: string;
  quantity: number;
  low_stock_threshold: number;
  low_stock: boolean;
  low_stock_since: string | null;
  created_at: string;
  updated_at: string;
}

/** An event's stock item snapshot read as the GraphQL answer `inventoryItemJson` maps. */
export function inventoryItemFromSnapshot(item: InventoryItemSnapshot): GraphQLInventoryItem {
  return {
    id: item.item_id,
    sku: item.sku,
    name: item.name,
    unit: item.unit,
    quantity: item.quantity,
    lowStockThreshold: item.low_stock_threshold,
    lowStock: item.low_stock,
    lowStockSince: item.low_stock_since,
    createdAt: item.created_at,
    updatedAt: item.updated_at,
  };
}
