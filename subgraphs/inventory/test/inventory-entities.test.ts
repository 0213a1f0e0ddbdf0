import { encodeInternalContext } from '../../../platform/src/tenancy/internal-context';
import type { Role } from '../../../platform/src/tenancy/tenant';
import {
  bootTestPlatform,
  type TestPlatform,
  type TestTenant,
} from '../../../test/support/test-platform';
import { stockBySku } from './inventory-fixtures';

/** Contract tests: what inventory answers to the gateway's `_entities` queries. */
const SECRET = 'contract-test-internal-secret-0123456789';
let platform: TestPlatform;
let tenant: TestTenant;
let stranger: TestTenant;

beforeAll(async () => {
  platform = await bootTestPlatform({ SOTTO_INTERNAL_SECRET: SECRET });
  tenant = await platform.tenant({ stock: true });
  stranger = await platform.tenant();
});
afterAll(() => platform?.stop());

async function entities(
  who: TestTenant,
  role: Role,
  representations: unknown[],
  selection: string,
) {
  const url = platform.platform.subgraphs.find((s) => s.name === 'inventory')!.url;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-sotto-context': encodeInternalContext(
        {
          restaurantId: who.restaurantId,
          environment: who.environment,
          keyId: who.keyId,
          role,
          scopes: [],
        },
        SECRET,
      ),
    },
    body: JSON.stringify({
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`,
      variables: { r: representations },
    }),
  });
  return (await response.json()) as any;
}

describe('inventory _entities contract', () => {
  it("resolves MenuItem availability from the menu's `active` and the caller's stock", async () => {
    const representations = [
      { __typename: 'MenuItem', id: 'burger_1', active: true },
      { __typename: 'MenuItem', id: 'burger_1', active: false },
      { __typename: 'MenuItem', id: 'no_such_dish', active: true },
    ];
    const selection = '... on MenuItem { id available portionsLeft }';
    expect(await entities(tenant, 'kitchen', representations, selection)).toEqual({
      data: {
        _entities: [
          { id: 'burger_1', available: true, portionsLeft: 40 },
          { id: 'burger_1', available: false, portionsLeft: 40 },
          { id: 'no_such_dish', available: true, portionsLeft: null },
        ],
      },
    });
    // Another restaurant has no recipes: nothing of this one's stock shows through.
    expect(await entities(stranger, 'admin', representations.slice(0, 1), selection)).toEqual({
      data: { _entities: [{ id: 'burger_1', available: true, portionsLeft: null }] },
    });
  });

  it('resolves InventoryItem references of the caller only, and only with inventory:read', async () => {
    const patty = (await stockBySku(tenant)).get('beef_patty');
    const representations = [{ __typename: 'InventoryItem', id: patty.item_id }];
    const selection = '... on InventoryItem { id name quantity }';
    expect(await entities(tenant, 'server', representations, selection)).toEqual({
      data: { _entities: [{ id: patty.item_id, name: 'Steak haché 150 g', quantity: 40 }] },
    });
    expect(await entities(stranger, 'admin', representations, selection)).toEqual({
      data: { _entities: [null] },
    });
    const kitchen = await entities(tenant, 'kitchen', representations, selection);
    expect(kitchen.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});
