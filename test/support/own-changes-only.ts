import type { SchemaGenerations } from '../../platform/src/database/tenant-schema-cache';

/**
 * Live generations moved only by the process's own `changed` (no PostgreSQL notifications ever
 * come): what a `TenantSchemaCache` reads again is what its own writes told it to, and nothing
 * else. Own news names no table, so it moves a schema's tables too.
 */
export function ownChangesOnly(): SchemaGenerations {
  const generations = new Map<string, number>();
  return {
    live: true,
    schemaGenerationOf: (tenant, schema) => generations.get(`${tenant}/${schema}`) ?? 0,
    notified: (payload) => generations.set(payload, (generations.get(payload) ?? 0) + 1),
  };
}
