import { Migration20261125000200Menu } from './Migration20261125000200Menu';
import { Migration20261125000500MenuRowLevelSecurity } from './Migration20261125000500MenuRowLevelSecurity';
import { Migration20261126070000MenuChangeNotifications } from './Migration20261126070000MenuChangeNotifications';
import { Migration20261127160000MenuChangesNameSchema } from './Migration20261127160000MenuChangesNameSchema';

/** Every migration of the menu schema, oldest first. `npm run migration:create` appends. */
export const menuMigrations = [
  { name: 'Migration20261125000200Menu', class: Migration20261125000200Menu },
  {
    name: 'Migration20261125000500MenuRowLevelSecurity',
    class: Migration20261125000500MenuRowLevelSecurity,
  },
  {
    name: 'Migration20261126070000MenuChangeNotifications',
    class: Migration20261126070000MenuChangeNotifications,
  },
  {
    name: 'Migration20261127160000MenuChangesNameSchema',
    class: Migration20261127160000MenuChangesNameSchema,
  },
];
