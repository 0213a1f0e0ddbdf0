import type { MikroORM } from '@mikro-orm/postgresql';
import { TenantDatabase } from '../../platform/src/tenancy/tenant-database';
import type { Tenant } from '../../platform/src/tenancy/tenant';
import { IdentityService } from '../../subgraphs/identity/src';
import { DEMO_MENU } from '../../subgraphs/menu/src/demo-menu';
import { MenuService } from '../../subgraphs/menu/src/menu.service';

export const DEMO_RESTAURANT_NAME = 'Brasserie Sotto (démo)';

export interface DemoSeedResult {
  restaurantId: string;
  /** The new key's secret, when one was generated now; shown once. */
  apiKey?: string;
  created: boolean;
}

/**
 * On first start with an empty database: the demo restaurant in the sandbox, its menu and a
 * sandbox key. With `SOTTO_DEMO_API_KEY`, that value is registered as the demo key (also on a
 * database seeded before, so scripts can rely on it).
 */
export async function seedDemo(deps: {
  identityOrm: MikroORM;
  menuOrm: MikroORM;
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
  await seedMenu(deps.menuOrm, tenant);
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

/** Gives a tenant the demo brasserie's menu (items it already has are kept). */
export async function seedMenu(menuOrm: MikroORM, tenant: Tenant): Promise<number> {
  return new MenuService(new TenantDatabase(menuOrm.em, tenant)).addMissing(DEMO_MENU);
}
