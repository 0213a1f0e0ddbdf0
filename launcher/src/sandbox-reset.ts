import type { MikroORM } from '@mikro-orm/postgresql';
import { DomainError } from '../../platform/src/errors';
import type { Tenant } from '../../platform/src/tenancy/tenant';
import { TenantDatabase } from '../../platform/src/tenancy/tenant-database';
import type { ServiceName } from './databases';
import type { DemoActivity } from './demo-activity';
import { DOMAIN_SERVICES } from './domain-services';

/** Per service: how many rows were removed, in which tables (entity names). */
export type SandboxResetReport = Partial<Record<ServiceName, { removed: Record<string, number> }>>;

/**
 * Restores a restaurant's sandbox to the demo's seeded state: each service, in one transaction
 * of its own, removes the tenant's data (`sandboxData`) and seeds the demo data and its sample
 * activity again. API keys (identity) and what an integration set up (webhooks, calendar feeds,
 * booking platforms, terminal providers) are kept; other restaurants and environments are not
 * touched (the transactions run confined to the tenant). Only the sandbox can be reset.
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
