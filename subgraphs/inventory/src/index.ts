import DataLoader from 'dataloader';
import type { MikroORM } from '@mikro-orm/postgresql';
import { tenantRequestContext } from '../../../platform/src/graphql/request-context';
import type { SubgraphDefinition } from '../../../platform/src/graphql/subgraph-server';
import type { Logger } from '../../../platform/src/logger';
import type { InventoryContext } from './context';
import { InventoryItemSchema } from './entities/inventory-item.entity';
import { OrderStockVersionSchema } from './entities/order-stock-version.entity';
import { RecipeLineSchema } from './entities/recipe-line.entity';
import { StockMovementSchema } from './entities/stock-movement.entity';
import { InventoryService, type KeptStock } from './inventory.service';
import { inventoryMigrations } from './migrations';
import { inventoryPermissions } from './permissions';
import { resolvers } from './resolvers';

export const INVENTORY_SCHEMA = 'inventory';
export const inventoryEntities = [
  InventoryItemSchema,
  StockMovementSchema,
  RecipeLineSchema,
  OrderStockVersionSchema,
];
export const inventoryTenantEntities = [
  'InventoryItem',
  'StockMovement',
  'RecipeLine',
  'OrderStockVersion',
];
export { inventoryMigrations };
export { OrderStockReconciler } from './order-stock';
export { seedDemoStock } from './demo-seed';

export function inventorySubgraph(deps: {
  orm: MikroORM;
  internalSecret: string;
  logger: Logger;
  /**
   * Whether each tenant counts stock, and the recipes and stock of the menu items read, kept
   * until a change is notified; without them, read every time.
   */
  kept?: KeptStock;
}): SubgraphDefinition<InventoryContext> {
  const { kept, ...rest } = deps;
  return {
    name: 'inventory',
    resolvers,
    permissions: inventoryPermissions,
    ...rest,
    context: (caller, requestId) =>
      tenantRequestContext(deps.orm, caller, requestId, (db, known) => {
        const inventory = new InventoryService(db, known, kept);
        return {
          inventory,
          itemById: new DataLoader((ids: readonly string[]) => inventory.findMany(ids)),
          recipeByMenuItem: new DataLoader(async (codes: readonly string[]) => {
            const recipes = await inventory.recipesFor(codes);
            return codes.map((code) => recipes.get(code) ?? []);
          }),
        };
      }),
  };
}
