import {
  MikroORM,
  PostgreSqlDriver,
  type EntityManager,
  type EntitySchema,
  type MigrationObject,
} from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { Client } from 'pg';
import { DATABASE_TIMEOUTS } from './database-unavailable';
import { coalesceStatements, type QueryingConnection } from './statement-coalescing';
import { SECRET_KEY_TABLE } from '../crypto/secret-key-store';
import { TENANT_FILTER, tenantFilterCondition } from '../tenancy/tenant-filter';
import { DEFAULT_DB_POOL_MAX } from '../config';
import { applicationName } from './application-name';
import { knexClientOf } from './knex-client';
import { watchPool } from './pool-metrics';

export type { EntityManager };

export interface OrmOptions {
  /** The PostgreSQL schema this service owns; nothing else writes to it. */
  schema: string;
  url: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  entities: EntitySchema<any>[];
  /** Entity names whose rows belong to one restaurant and environment. */
  tenantEntities?: string[];
  migrations: MigrationObject[];
  /** Folder where `npm run migration:create` writes new migrations. */
  migrationsPath?: string;
  poolMax?: number;
  /** Whose connections these are in `pg_stat_activity` (`applicationName`); the schema's by default. */
  owner?: string;
}

/**
 * One MikroORM instance per service, bound to the service's own PostgreSQL schema. Tenant
 * entities get the `tenant` filter, on by default: a query made without the caller's restaurant
 * and environment fails instead of reading everybody's rows.
 */
export async function createOrm(options: OrmOptions): Promise<MikroORM> {
  const tenantEntities = options.tenantEntities ?? [];
  const owner = options.owner ?? options.schema;
  const max = options.poolMax ?? DEFAULT_DB_POOL_MAX;
  const orm = await MikroORM.init({
    driver: PostgreSqlDriver,
    clientUrl: options.url,
    schema: options.schema,
    entities: options.entities,
    discovery: { warnWhenNoEntities: false },
    // Tables written by hand-made SQL only (a service's SecretBox key), not entities.
    schemaGenerator: { skipTables: [SECRET_KEY_TABLE] },
    extensions: [Migrator],
    migrations: {
      migrationsList: options.migrations,
      tableName: 'mikro_orm_migrations',
      path: options.migrationsPath,
      pathTs: options.migrationsPath,
      emit: 'ts',
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
    filters: tenantEntities.length
      ? {
          [TENANT_FILTER]: {
            name: TENANT_FILTER,
            cond: tenantFilterCondition,
            entity: tenantEntities,
            default: true,
          },
        }
      : {},
    pool: {
      min: 0,
      max,
      idleTimeoutMillis: 30_000,
      afterCreate(connection: QueryingConnection, done: (error: null, c: unknown) => void) {
        coalesceStatements(connection);
        done(null, connection);
      },
    },
    // The database unreachable: a call fails within seconds (503), instead of knex's minute.
    driverOptions: {
      connection: {
        connectionTimeoutMillis: DATABASE_TIMEOUTS.connectMs,
        application_name: applicationName(owner),
      },
      acquireConnectionTimeout: DATABASE_TIMEOUTS.acquireMs,
    },
    forceUtcTimezone: true,
    allowGlobalContext: false,
    debug: false,
  });
  watchPool(owner, () => {
    const { pool } = knexClientOf(orm.em);
    if (!pool) return null; // knex drops it when the ORM closes
    return { max, inUse: pool.numUsed(), idle: pool.numFree(), waiting: pool.numPendingAcquires() };
  });
  return orm;
}

/**
 * Applies a service's committed migrations, once even when several replicas start together:
 * an advisory lock per schema serialises them.
 */
export async function migrateSchema(orm: MikroORM, schema: string, url: string): Promise<void> {
  const lock = new Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock(hashtext($1))', [`sotto:migrate:${schema}`]);
    await lock.query(`create schema if not exists "${schema}"`);
    await orm.getMigrator().up();
  } finally {
    await lock.query('select pg_advisory_unlock(hashtext($1))', [`sotto:migrate:${schema}`]);
    await lock.end();
  }
}
