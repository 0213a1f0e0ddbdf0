import type { MikroORM } from '@mikro-orm/postgresql';
import { createOrm, migrateSchema } from '../../platform/src/database/orm';
import { eventLogMigrations } from '../../platform/src/events/migrations';
import {
  IDENTITY_SCHEMA,
  identityEntities,
  identityMigrations,
} from '../../subgraphs/identity/src';
import {
  MENU_SCHEMA,
  menuEntities,
  menuMigrations,
  menuTenantEntities,
} from '../../subgraphs/menu/src';
import {
  ORDERS_SCHEMA,
  ordersEntities,
  ordersMigrations,
  ordersTenantEntities,
} from '../../subgraphs/orders/src';
import {
  INVENTORY_SCHEMA,
  inventoryEntities,
  inventoryMigrations,
  inventoryTenantEntities,
} from '../../subgraphs/inventory/src';
import {
  RESERVATIONS_SCHEMA,
  reservationsEntities,
  reservationsMigrations,
  reservationsTenantEntities,
} from '../../subgraphs/reservations/src';
import {
  WEBHOOKS_SCHEMA,
  webhooksEntities,
  webhooksMigrations,
  webhooksTenantEntities,
} from '../../subgraphs/webhooks/src';
import {
  PAYMENTS_SCHEMA,
  paymentsEntities,
  paymentsMigrations,
  paymentsTenantEntities,
} from '../../subgraphs/payments/src';
import path from 'node:path';

/** Each service's schema in PostgreSQL: its entities and committed migrations. */
export const SERVICE_SCHEMAS = {
  events: { schema: 'events', entities: [], tenantEntities: [], migrations: eventLogMigrations },
  identity: {
    schema: IDENTITY_SCHEMA,
    entities: identityEntities,
    tenantEntities: [],
    migrations: identityMigrations,
  },
  menu: {
    schema: MENU_SCHEMA,
    entities: menuEntities,
    tenantEntities: menuTenantEntities,
    migrations: menuMigrations,
  },
  orders: {
    schema: ORDERS_SCHEMA,
    entities: ordersEntities,
    tenantEntities: ordersTenantEntities,
    migrations: ordersMigrations,
  },
  inventory: {
    schema: INVENTORY_SCHEMA,
    entities: inventoryEntities,
    tenantEntities: inventoryTenantEntities,
    migrations: inventoryMigrations,
  },
  reservations: {
    schema: RESERVATIONS_SCHEMA,
    entities: reservationsEntities,
    tenantEntities: reservationsTenantEntities,
    migrations: reservationsMigrations,
  },
  webhooks: {
    schema: WEBHOOKS_SCHEMA,
    entities: webhooksEntities,
    tenantEntities: webhooksTenantEntities,
    migrations: webhooksMigrations,
  },
  payments: {
    schema: PAYMENTS_SCHEMA,
    entities: paymentsEntities,
    tenantEntities: paymentsTenantEntities,
    migrations: paymentsMigrations,
  },
} as const;

export type ServiceName = keyof typeof SERVICE_SCHEMAS;

export function migrationsFolder(service: ServiceName): string {
  return service === 'events'
    ? path.resolve(__dirname, '../../platform/src/events')
    : path.resolve(__dirname, `../../subgraphs/${service}/src/migrations`);
}

/** Opens a service's ORM and brings its schema up to date. */
export async function openServiceDatabase(
  service: ServiceName,
  url: string,
  poolMax: number,
): Promise<MikroORM> {
  const definition = SERVICE_SCHEMAS[service];
  const orm = await createOrm({
    schema: definition.schema,
    url,
    entities: [...definition.entities],
    tenantEntities: [...definition.tenantEntities],
    migrations: [...definition.migrations],
    migrationsPath: migrationsFolder(service),
    poolMax,
  });
  try {
    await migrateSchema(orm, definition.schema, url);
  } catch (error) {
    await orm.close();
    throw error;
  }
  return orm;
}
