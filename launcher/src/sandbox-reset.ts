import type { MikroORM, QueryResult } from '@mikro-orm/postgresql';
import { DomainError } from '../../platform/src/errors';
import type { Tenant } from '../../platform/src/tenancy/tenant';
import { TenantDatabase } from '../../platform/src/tenancy/tenant-database';
import type { ServiceName } from './databases';
import type { DemoActivity } from './demo-activity';
import { DOMAIN_SERVICES } from './domain-services';

/**
 * Per service: how many rows were removed, in which tables (entity names); under `events`, the
 * sandbox's events dropped from the log.
 */
export type SandboxResetReport = Partial<
  Record<ServiceName | 'events', { removed: Record<string, number> }>
>;

/**
 * Drops the sandbox's events from the log, before its data is removed: an event-log consumer
 * behind (held back by a long transaction, or not running while the CLI resets) would
 * otherwise apply an order placed before the reset to the reset's stock, or queue webhooks about
 * orders that no longer exist. Tenants may only append to the log; this runs as the service's
 * own user, naming the tenant.
 */
async function dropEvents(orm: MikroORM, tenant: Tenant): Promise<number> {
  const dropped = await orm.em
    .getConnection()
    .execute<QueryResult>(
      'delete from events.event_log where restaurant_id = ? and environment = ?',
      [tenant.restaurantId, tenant.environment],
      'run',
    );
  return dropped.affectedRows;
}

/**
 * Restores a restaurant's sandbox to the demo's seeded state: each service, in one transaction
 * of its own, removes the tenant's data (`sandboxData`) and seeds the demo data and its sample
 * activity again. API keys (identity) and what an integration set up (webhooks, calendar feeds,
 * booking platforms, terminal providers) are kept; other restaurants and environments are not
 * touched (the transactions run confined to the tenant). The sandbox's events are dropped
 * first (`dropEvents`). Only the sandbox can be reset.
 */
export async function resetSandbox(
  orms: Partial<Record<ServiceName, MikroORM>>,
  tenant: Tenant,
  now = new Date(),
): Promise<SandboxResetReport> {
  if (tenant.environment !== 'sandbox') {
    throw new DomainError('FORBIDDEN', 'Only the sandbox environment can be reset', {
      environment: tenant.environment,
    });
  }
  const activity: DemoActivity = { now, orders: [] };
  const report: SandboxResetReport = {};
  const anyOrm = Object.values(orms).find(Boolean);
  if (anyOrm) report.events = { removed: { Event: await dropEvents(anyOrm, tenant) } };
  for (const service of DOMAIN_SERVICES) {
    const orm = orms[service.name];
    if (!orm || !service.sandboxData) continue;
    report[service.name] = await new TenantDatabase(orm.em, tenant).transaction(async (em) => {
      const removed: Record<string, number> = {};
      for (const entity of service.sandboxData!) {
        removed[entity] = await em.nativeDelete(entity, {});
      }
      const db = TenantDatabase.joining(em, tenant);
      await service.seedDemo?.(db);
      await service.seedDemoActivity?.(db, activity);
      return { removed };
    });
  }
  return report;
}
