import { Migration20261125000300Orders } from './Migration20261125000300Orders';

/** Every migration of the orders schema, oldest first. `npm run migration:create` appends. */
export const ordersMigrations = [
  { name: 'Migration20261125000300Orders', class: Migration20261125000300Orders },
];
