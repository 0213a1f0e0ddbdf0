import { Migration20261125233000Payments } from './Migration20261125233000Payments';

/** Every migration of the payments schema, oldest first. `npm run migration:create` appends. */
export const paymentsMigrations = [
  { name: 'Migration20261125233000Payments', class: Migration20261125233000Payments },
];
