import { Migration20261125000200Menu } from './Migration20261125000200Menu';

/** Every migration of the menu schema, oldest first. `npm run migration:create` appends. */
export const menuMigrations = [
  { name: 'Migration20261125000200Menu', class: Migration20261125000200Menu },
];
