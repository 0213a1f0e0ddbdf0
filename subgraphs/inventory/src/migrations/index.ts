import { Migration20261125000800Inventory } from './Migration20261125000800Inventory';
import { Migration20261126070000InventoryChangeNotifications } from './Migration20261126070000InventoryChangeNotifications';
import { Migration20261127040000OrderStockVersions } from './Migration20261127040000OrderStockVersions';
import { Migration20261127051500OrderStockVersionsUnread } from './Migration20261127051500OrderStockVersionsUnread';
import { Migration20261127160000InventoryChangesNameSchema } from './Migration20261127160000InventoryChangesNameSchema';

/** Every migration of the inventory schema, oldest first. `npm run migration:create` appends. */
export const inventoryMigrations = [
  { name: 'Migration20261125000800Inventory', class: Migration20261125000800Inventory },
  {
    name: 'Migration20261126070000InventoryChangeNotifications',
    class: Migration20261126070000InventoryChangeNotifications,
  },
  {
    name: 'Migration20261127040000OrderStockVersions',
    class: Migration20261127040000OrderStockVersions,
  },
  {
    name: 'Migration20261127051500OrderStockVersionsUnread',
    class: Migration20261127051500OrderStockVersionsUnread,
  },
  {
    name: 'Migration20261127160000InventoryChangesNameSchema',
    class: Migration20261127160000InventoryChangesNameSchema,
  },
];
