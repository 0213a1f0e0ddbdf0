import { Migration20261125000100Identity } from './Migration20261125000100Identity';
import { Migration20261125000400KeyLimits } from './Migration20261125000400KeyLimits';

/** Every migration of the identity schema, oldest first. `npm run migration:create` appends. */
export const identityMigrations = [
  { name: 'Migration20261125000100Identity', class: Migration20261125000100Identity },
  { name: 'Migration20261125000400KeyLimits', class: Migration20261125000400KeyLimits },
];
