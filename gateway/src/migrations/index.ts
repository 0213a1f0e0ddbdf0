import { createOrm, migrateSchema } from '../../../platform/src/database/orm';
import { Migration20261125001500Idempotency } from './Migration20261125001500Idempotency';
import { Migration20261126040000RequestLog } from './Migration20261126040000RequestLog';

/** The gateway's own PostgreSQL schema: no entities, only what its HTTP layer stores. */
export const GATEWAY_SCHEMA = 'gateway';

/** Every migration of the gateway schema, oldest first (hand-written: it has no entities). */
export const gatewayMigrations = [
  { name: 'Migration20261125001500Idempotency', class: Migration20261125001500Idempotency },
  { name: 'Migration20261126040000RequestLog', class: Migration20261126040000RequestLog },
];

/** Brings the gateway schema up to date, once even when several replicas start together. */
export async function migrateGatewaySchema(url: string): Promise<void> {
  const orm = await createOrm({
    schema: GATEWAY_SCHEMA,
    url,
    entities: [],
    migrations: gatewayMigrations,
    poolMax: 1,
  });
  try {
    await migrateSchema(orm, GATEWAY_SCHEMA, url);
  } finally {
    await orm.close();
  }
}
