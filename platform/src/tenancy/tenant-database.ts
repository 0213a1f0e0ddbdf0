import type { EntityManager } from '@mikro-orm/postgresql';
import { WITH_NEXT_STATEMENT } from '../database/statement-coalescing';
import { tenantEntityManager } from './tenant-filter';
import type { Tenant } from './tenant';

/** The PostgreSQL role that tenant transactions run as; row-level security applies to it. */
export const TENANT_ROLE = 'sotto_tenant';

/** The settings that the row-level security policies compare each row with. */
export const TENANT_SETTINGS = {
  restaurantId: 'sotto.restaurant_id',
  environment: 'sotto.environment',
} as const;

const ENTER_TENANT = `${WITH_NEXT_STATEMENT} select set_config('role', '${TENANT_ROLE}', true),
  set_config('${TENANT_SETTINGS.restaurantId}', ?, true),
  set_config('${TENANT_SETTINGS.environment}', ?, true)`;

/**
 * One tenant's view of a service's database, in two layers. The entity manager's tenant
 * filter adds the restaurant and environment to every query MikroORM builds; and every
 * transaction runs as the restricted `sotto_tenant` role with the tenant in its settings, so
 * PostgreSQL's row-level security hides other tenants' rows even from a query that forgets its
 * filter, raw SQL included.
 */
export class TenantDatabase {
  readonly em: EntityManager;

  constructor(
    root: EntityManager,
    readonly tenant: Tenant,
    options: { joinTransaction?: boolean } = {},
  ) {
    this.em = tenantEntityManager(root, tenant, { keepTransaction: options.joinTransaction });
  }

  /**
   * The same tenant's view inside a transaction already open on `em` (one of this class's
   * transactions): its own transactions nest in that one as savepoints, so that work written
   * for a `TenantDatabase` joins a larger all-or-nothing change (`sandbox reset`).
   */
  static joining(em: EntityManager, tenant: Tenant): TenantDatabase {
    return new TenantDatabase(em, tenant, { joinTransaction: true });
  }

  /** Runs `work` in one transaction confined to the tenant: all of it commits, or none. */
  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.em.transactional(async (em) => {
      await em.execute(ENTER_TENANT, [this.tenant.restaurantId, this.tenant.environment]);
      return work(em);
    });
  }
}
