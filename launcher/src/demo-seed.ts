import type { MikroORM } from '@mikro-orm/postgresql';
import type { Tenant } from '../../platform/src/tenancy/tenant';
import { TenantDatabase } from '../../platform/src/tenancy/tenant-database';
import { IdentityService } from '../../subgraphs/identity/src';
import type { ServiceName } from './databases';
import type { DemoActivity } from './demo-activity';
import { DOMAIN_SERVICES } from './domain-services';

export const DEMO_RESTAURANT_NAME = 'Brasserie Sotto (démo)';

export interface DemoSeedResult {
  restaurantId: string;
  /** The new key's secret, when one was generated now; shown once. */
  apiKey?: string;
  created: boolean;
}

/**
 * On first start with an empty database: the demo restaurant in the sandbox, its menu, floor,
 * stock and sample activity, and a sandbox key. With `SOTTO_DEMO_API_KEY`, that value is registered as the demo key (also on a
 * database seeded before, so scripts can rely on it).
 */
export async function seedDemo(deps: {
  identityOrm: MikroORM;
  orms: Partial<Record<ServiceName, MikroORM>>;
  demoApiKey?: string;
}): Promise<DemoSeedResult | null> {
  const identity = new IdentityService(deps.identityOrm.em.fork());
  if ((await identity.countRestaurants()) > 0) {
    if (!deps.demoApiKey || (await identity.findApiKeyBySecret(deps.demoApiKey))) return null;
    const demo = await identity.findRestaurantByName(DEMO_RESTAURANT_NAME);
    if (!demo) return null;
    await identity.createApiKey({
      restaurantId: demo.id,
      environment: 'sandbox',
      secret: deps.demoApiKey,
    });
    return { restaurantId: demo.id, created: false };
  }
  const restaurant = await identity.createRestaurant(DEMO_RESTAURANT_NAME);
  const tenant: Tenant = { restaurantId: restaurant.id, environment: 'sandbox' };
  await seedDemoData(deps.orms, tenant);
  await seedDemoActivity(deps.orms, tenant);
  const { secret } = await identity.createApiKey({
    restaurantId: restaurant.id,
    environment: 'sandbox',
    secret: deps.demoApiKey,
  });
  return {
    restaurantId: restaurant.id,
    apiKey: deps.demoApiKey ? undefined : secret,
    created: true,
  };
}

/**
 * Gives a tenant the demo brasserie's data in every domain running here (menu, tables, stock),
 * but those in `skip` (tests leave stock out where they order without counting portions).
 */
export async function seedDemoData(
  orms: Partial<Record<ServiceName, MikroORM>>,
  tenant: Tenant,
  skip: readonly ServiceName[] = [],
): Promise<void> {
  for (const service of DOMAIN_SERVICES) {
    const orm = orms[service.name];
    if (orm && service.seedDemo && !skip.includes(service.name))
      await service.seedDemo(new TenantDatabase(orm.em, tenant));
  }
}

/**
 * The demo restaurant's sample activity (orders in every state, a cash payment, reservations
 * on the next evenings, an item low in stock), each service's part in its own transaction.
 */
export async function seedDemoActivity(
  orms: Partial<Record<ServiceName, MikroORM>>,
  tenant: Tenant,
  now = new Date(),
): Promise<void> {
  const activity: DemoActivity = { now, orders: [] };
  for (const service of DOMAIN_SERVICES) {
    const orm = orms[service.name];
    if (orm && service.seedDemoActivity) {
      await service.seedDemoActivity(new TenantDatabase(orm.em, tenant), activity);
    }
  }
}
