import type { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { openServiceDatabase } from '../../../launcher/src/databases';
import type { Caller, Tenant } from '../../../platform/src/tenancy/tenant';
import {
  TENANT_ROLE,
  TENANT_SETTINGS,
  TenantDatabase,
} from '../../../platform/src/tenancy/tenant-database';
import { createScratchDatabase } from '../../../test/support/test-platform';
import { InventoryService, RECIPE_ITEMS_SQL, RECIPE_LINES_SQL } from '../src/inventory.service';

/**
 * What an order's stock check and a menu item's `available` read must grow with the recipes
 * asked for, or at worst with the restaurant's recipes, never with their product: on a
 * restaurant of 200 stock items and 750 recipe lines, the rows PostgreSQL reads for the recipes
 * of two menu items stay within a few times the restaurant's rows, without statistics on the
 * tables (a new database; autovacuum off) and with them. An `id in (select …)` read, joined
 * item by item to a scan of every recipe line, read 144,000 rows.
 */
const ITEMS = 200;
const MENU_ITEMS = 150;
const LINES_PER_RECIPE = 5;
const TENANT: Tenant = { restaurantId: 'rst_recipes_scale', environment: 'sandbox' };
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let orm: MikroORM;
let client: Client;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  orm = await openServiceDatabase('inventory', scratch.url, 1);
  client = new Client({ connectionString: scratch.url });
  await client.connect();
  // The restaurant, and another one of the same size that its reads must not wade through.
  for (const restaurant of [TENANT.restaurantId, 'rst_recipes_other']) {
    await client.query(
      `insert into inventory.inventory_items (id, restaurant_id, environment, name, unit,
         quantity_milli, low_stock_threshold_milli, created_at, updated_at)
       select 'inv_' || $1 || '_' || n, $1, 'sandbox', 'item ' || n, 'g', 1000000, 0, now(), now()
         from generate_series(1, $2) as n`,
      [restaurant, ITEMS],
    );
    await client.query(
      `insert into inventory.recipe_lines
         (uuid, restaurant_id, environment, menu_item_id, item_id, quantity_milli)
       select gen_random_uuid(), $1, 'sandbox', 'dish_' || m,
              'inv_' || $1 || '_' || (1 + (m * 7 + k * 13) % $2), 100
         from generate_series(1, $3) as m, generate_series(1, $4) as k`,
      [restaurant, ITEMS, MENU_ITEMS, LINES_PER_RECIPE],
    );
  }
}, 60_000);
afterAll(async () => {
  await client?.end();
  await orm?.close();
  await scratch?.drop();
});

interface PlanNode {
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Join Filter'?: number;
  'Heap Fetches'?: number;
  Plans?: PlanNode[];
}

/** Rows each node produced or threw away, over all its loops, and heap rows fetched. */
function rowsRead(node: PlanNode): number {
  const perLoop =
    node['Actual Rows'] +
    (node['Rows Removed by Filter'] ?? 0) +
    (node['Rows Removed by Join Filter'] ?? 0);
  const here = perLoop * node['Actual Loops'] + (node['Heap Fetches'] ?? 0);
  return here + (node.Plans ?? []).reduce((sum, child) => sum + rowsRead(child), 0);
}

/** Runs `sql` for the recipes of `codes` as the restaurant does: its role and settings. */
async function measure(sql: string, codes: string[]): Promise<{ rows: number; read: number }> {
  const literal = codes.map((code) => client.escapeLiteral(code)).join(', ');
  await client.query('begin');
  try {
    await client.query(
      `select set_config('role', $1, true), set_config($2, $3, true), set_config($4, $5, true)`,
      [
        TENANT_ROLE,
        TENANT_SETTINGS.restaurantId,
        TENANT.restaurantId,
        TENANT_SETTINGS.environment,
        TENANT.environment,
      ],
    );
    const statement = sql.replace('?', literal);
    const { rows } = await client.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `explain (analyze, format json) ${statement}`,
    );
    const plan = rows[0]!['QUERY PLAN'][0].Plan;
    return { rows: plan['Actual Rows'], read: rowsRead(plan) };
  } finally {
    await client.query('rollback');
  }
}

const BOUND = 3 * (ITEMS + MENU_ITEMS * LINES_PER_RECIPE);
const CODES = ['dish_1', 'dish_2'];

describe('the recipes of an order’s menu items, on a restaurant of 750 recipe lines', () => {
  it.each([
    ['without statistics', false],
    ['with statistics', true],
  ])('reads a bounded number of rows, %s', async (_when, analyzed) => {
    if (analyzed) {
      await client.query('analyze inventory.inventory_items');
      await client.query('analyze inventory.recipe_lines');
    }
    const items = await measure(RECIPE_ITEMS_SQL, CODES);
    const lines = await measure(RECIPE_LINES_SQL, CODES);
    // Two recipes of five lines: ten lines, over at most ten items (here all distinct).
    expect(lines.rows).toBe(CODES.length * LINES_PER_RECIPE);
    expect(items.rows).toBe(10);
    expect(items.read).toBeLessThan(BOUND);
    expect(lines.read).toBeLessThan(BOUND);
  });
});

describe('recipesFor', () => {
  it('puts each recipe’s lines in PostgreSQL’s order of their item names, then line ids', async () => {
    // Names that sort differently by code unit and by collation, and two items of one name.
    const names = ['Tomate', 'ail', 'Œuf', 'Ail', 'tomate'];
    const { rows: lineItems } = await client.query<{ item_id: string }>(
      `select item_id from inventory.recipe_lines
        where restaurant_id = $1 and menu_item_id = 'dish_3' order by item_id`,
      [TENANT.restaurantId],
    );
    for (const [index, { item_id }] of lineItems.entries()) {
      await client.query(`update inventory.inventory_items set name = $2 where id = $1`, [
        item_id,
        names[index],
      ]);
    }
    // A second item named 'ail': the lines of items of one name go by line id.
    await client.query(`update inventory.inventory_items set name = 'ail' where id = $1`, [
      lineItems[3]!.item_id,
    ]);

    const expected = await client.query<{ uuid: string }>(
      `select r.uuid from inventory.recipe_lines r
        where r.restaurant_id = $1 and r.menu_item_id in ('dish_3', 'dish_4')
        order by r.menu_item_id,
                 (select i.name from inventory.inventory_items i where i.id = r.item_id), r.uuid`,
      [TENANT.restaurantId],
    );
    const service = new InventoryService(new TenantDatabase(orm.em, TENANT), {
      ...TENANT,
      keyId: 'key_test',
    } as unknown as Caller);
    const recipes = await service.recipesFor(['dish_4', 'dish_3']);
    const got = ['dish_3', 'dish_4'].flatMap((code) =>
      (recipes.get(code) ?? []).map((line) => line.uuid),
    );
    expect(got).toEqual(expected.rows.map((row) => row.uuid));
    expect(recipes.get('dish_3')!.map((line) => line.item.name)).toContain('Œuf');
  });
});
