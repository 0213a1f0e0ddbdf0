import type DataLoader from 'dataloader';
import type { TenantRequestContext } from '../../../platform/src/graphql/request-context';
import type { InventoryItem } from './entities/inventory-item.entity';
import type { RecipeLine } from './entities/recipe-line.entity';
import type { InventoryService } from './inventory.service';

export interface InventoryServices {
  inventory: InventoryService;
  /** Batches item lookups: one query per gateway fetch. */
  itemById: DataLoader<string, InventoryItem | null>;
  /** Batches recipe lookups for menu items resolved through federation. */
  recipeByMenuItem: DataLoader<string, RecipeLine[]>;
}

export type InventoryContext = TenantRequestContext<InventoryServices>;
