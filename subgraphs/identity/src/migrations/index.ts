import { Migration20261125000100Identity } from './Migration20261125000100Identity';

/** Every migration of the identity schema, oldest first. `npm run migration:create` appends. */
export const identityMigrations = [
  { name: 'Migration20261125000100Identity', class: Migration20261125000100Identity },
];
