import { Migration20261126000000Webhooks } from './Migration20261126000000Webhooks';

/** Every migration of the webhooks schema, oldest first. `npm run migration:create` appends. */
export const webhooksMigrations = [
  { name: 'Migration20261126000000Webhooks', class: Migration20261126000000Webhooks },
];
