import { Migration20261125000800Inventory } from './Migration20261125000800Inventory';

/** Every migration of the inventory schema, oldest first. `npm run migration:create` appends. */
export const inventoryMigrations = [
  { name: 'Migration20261125000800Inventory', class: Migration20261125000800Inventory },
];
