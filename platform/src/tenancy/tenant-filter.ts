import type { EntityManager } from '@mikro-orm/postgresql';
import type { Tenant } from './tenant';

/** The MikroORM filter that confines every read of a tenant entity to one tenant. */
export const TENANT_FILTER = 'tenant';

export function tenantFilterCondition(args: Partial<Tenant>): Tenant {
  if (!args.restaurantId || !args.environment) {
    throw new Error('tenant filter used without a restaurant and environment');
  }
  return { restaurantId: args.restaurantId, environment: args.environment };
}

/** A request-scoped entity manager that sees only this tenant's rows. */
export function tenantEntityManager(
  root: EntityManager,
  tenant: Tenant,
  options: { keepTransaction?: boolean } = {},
): EntityManager {
  const em = root.fork({
    clear: true,
    useContext: false,
    keepTransactionContext: options.keepTransaction ?? false,
  });
  em.setFilterParams(TENANT_FILTER, {
    restaurantId: tenant.restaurantId,
    environment: tenant.environment,
  });
  return em;
}
