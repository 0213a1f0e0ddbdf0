import { requires, type SubgraphPermissions } from '../../../platform/src/graphql/shield';

/**
 * Who may call what in schema/inventory.graphql. Reading stock takes `inventory:read`
 * (admin, manager, server; not the kitchen role, whose grants are unchanged); movements, counts,
 * new items and recipes take `inventory:write` (admin, manager). Whether a basket can be served
 * is asked by whoever may take the order. A menu item's availability and portions left are menu
 * facts: any key that reads the menu sees them.
 */
export const inventoryPermissions: SubgraphPermissions = {
  Query: {
    inventoryItem: requires('inventory:read'),
    inventoryItems: requires('inventory:read'),
    inventoryAlerts: requires('inventory:read'),
    stockShortages: requires('orders:write'),
  },
  Mutation: {
    createInventoryItem: requires('inventory:write'),
    recordStockMovement: requires('inventory:write'),
    setStockLevel: requires('inventory:write'),
    setRecipe: requires('inventory:write'),
  },
  entities: { MenuItem: null, InventoryItem: 'inventory:read' },
};
