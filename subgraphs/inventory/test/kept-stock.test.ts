import type { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { openServiceDatabase } from '../../../launcher/src/databases';
import { TenantSchemaCache } from '../../../platform/src/database/tenant-schema-cache';
import type { Caller, Tenant } from '../../../platform/src/tenancy/tenant';
import { TenantDatabase } from '../../../platform/src/tenancy/tenant-database';
import { ownChangesOnly } from '../../../test/support/own-changes-only';
import { createScratchDatabase } from '../../../test/support/test-platform';
import { InventoryService, type KeptStock } from '../src/inventory.service';

/**
 * What InventoryService keeps of a tenant's recipes and stock (`KeptStock`), with notifications
 * that never come: what it reads again is what its own writes told it to, and nothing else.
 */
const TENANT: Tenant = { restaurantId: 'rst_kept_stock', environment: 'sandbox' };
const CALLER = { ...TENANT, keyId: 'key_test', role: 'admin' } as unknown as Caller;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let orm: MikroORM;
let client: Client;

function service(kept: KeptStock) {
  return new InventoryService(new TenantDatabase(orm.em, TENANT), CALLER, kept);
}

const levelOf = async (inventory: InventoryService, codes: string[]) => {
  const recipes = await inventory.recipesFor(codes);
  return recipes.get('dish_1')![0]!.item.quantityMilli;
};

const setLevelBehindItsBack = (milli: number) =>
  client.query(`update inventory.inventory_items set quantity_milli = $1 where id = 'inv_kept_1'`, [
    milli,
  ]);

beforeAll(async () => {
  scratch = await createScratchDatabase();
  orm = await openServiceDatabase('inventory', scratch.url, 1);
  client = new Client({ connectionString: scratch.url });
  await client.connect();
  await client.query(
    `insert into inventory.inventory_items (id, restaurant_id, environment, name, unit,
       quantity_milli, low_stock_threshold_milli, created_at, updated_at)
     values ('inv_kept_1', $1, $2, 'Steak haché', 'unit', 10000, 0, now(), now())`,
    [TENANT.restaurantId, TENANT.environment],
  );
  await client.query(
    `insert into inventory.recipe_lines
       (uuid, restaurant_id, environment, menu_item_id, item_id, quantity_milli)
     values (gen_random_uuid(), $1, $2, 'dish_1', 'inv_kept_1', 1000),
            (gen_random_uuid(), $1, $2, 'dish_2', 'inv_kept_1', 2000)`,
    [TENANT.restaurantId, TENANT.environment],
  );
}, 60_000);
afterAll(async () => {
  await client?.end();
  await orm?.close();
  await scratch?.drop();
});

it('keeps the recipes and stock of a set of menu items, asked in any order, until its own write', async () => {
  const changes = Promise.resolve(ownChangesOnly());
  const kept: KeptStock = {
    counting: new TenantSchemaCache('inventory', changes),
    recipes: new TenantSchemaCache('inventory', changes),
  };
  const inventory = service(kept);
  expect(await levelOf(inventory, ['dish_1', 'dish_2'])).toBe(10_000);
  expect(await levelOf(inventory, ['dish_1', 'dish_2'])).toBe(10_000);
  expect(kept.recipes!.size).toBe(1);

  // Unheard of, a change behind its back is not read: the same items in another order, and
  // another service of the process, get what is kept.
  await setLevelBehindItsBack(8_000);
  expect(await levelOf(service(kept), ['dish_2', 'dish_1'])).toBe(10_000);
  expect(kept.recipes!.size).toBe(1);
  // Other items are other rows, read now.
  expect(await levelOf(inventory, ['dish_1'])).toBe(8_000);
  expect(kept.recipes!.size).toBe(2);

  // Its own movement: every set of items is read again, at once.
  await inventory.recordMovement({ itemId: 'inv_kept_1', type: 'waste', quantity: 3 });
  expect(await levelOf(inventory, ['dish_1', 'dish_2'])).toBe(5_000);
  expect(await levelOf(service(kept), ['dish_1'])).toBe(5_000);

  // A counted level, and a recipe changed, too.
  await inventory.setLevel('inv_kept_1', 9);
  expect(await levelOf(inventory, ['dish_2', 'dish_1'])).toBe(9_000);
  await inventory.setRecipe('dish_1', [{ itemId: 'inv_kept_1', quantity: 4 }]);
  const recipes = await inventory.recipesFor(['dish_1', 'dish_2']);
  expect(recipes.get('dish_1')!.map((line) => line.quantityMilli)).toEqual([4_000]);
});

it('reads every time without a cache', async () => {
  const inventory = service({});
  await setLevelBehindItsBack(7_000);
  expect(await levelOf(inventory, ['dish_1'])).toBe(7_000);
  await setLevelBehindItsBack(6_000);
  expect(await levelOf(inventory, ['dish_1'])).toBe(6_000);
});

it('keeps no set of menu items under the name of another', async () => {
  const changes = Promise.resolve(ownChangesOnly());
  const inventory = service({
    counting: new TenantSchemaCache('inventory', changes),
    recipes: new TenantSchemaCache('inventory', changes),
  });
  // The first read learns that the restaurant counts stock, the second keeps the two's rows.
  await inventory.recipesFor(['dish_1', 'dish_2']);
  expect([...(await inventory.recipesFor(['dish_1', 'dish_2'])).keys()].sort()).toEqual([
    'dish_1',
    'dish_2',
  ]);
  // One code with a comma in it is not the two codes it spells.
  expect((await inventory.recipesFor(['dish_1,dish_2'])).size).toBe(0);
});
