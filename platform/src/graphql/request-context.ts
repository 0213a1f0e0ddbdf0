import type { MikroORM } from '@mikro-orm/postgresql';
import { DomainError } from '../errors';
import { TenantDatabase } from '../tenancy/tenant-database';
import type { Caller } from '../tenancy/tenant';

/** What every subgraph's context holds: the id of the request it serves (`X-Request-Id`). */
export interface RequestScoped {
  requestId: string;
}

/**
 * What a subgraph resolver gets: the caller and, built on first use, the services of the
 * caller's tenant, all sharing one tenant-scoped entity manager for the request.
 */
export interface TenantRequestContext<Services extends object> extends RequestScoped {
  caller: Caller | null;
  /** The caller's services; using them without a caller throws UNAUTHENTICATED. */
  services: Services;
}

/**
 * Apollo Server copies the context object per request, reading every property, so laziness
 * lives in a proxy: the services are built on the first property read, not before.
 */
export function lazyServices<Services extends object>(
  caller: Caller | null,
  build: (caller: Caller) => Services,
): Services {
  let services: Services | undefined;
  return new Proxy({} as Services, {
    get(_target, property) {
      if (!caller) throw new DomainError('UNAUTHENTICATED', 'Authentication required');
      services ??= build(caller);
      return Reflect.get(services, property);
    },
  });
}

export function tenantRequestContext<Services extends object>(
  orm: MikroORM,
  caller: Caller | null,
  requestId: string,
  build: (db: TenantDatabase, caller: Caller) => Services,
): TenantRequestContext<Services> {
  return {
    caller,
    requestId,
    services: lazyServices(caller, (known) => build(new TenantDatabase(orm.em, known), known)),
  };
}
