import { encodeInternalContext } from '../../../platform/src/tenancy/internal-context';
import {
  bootTestPlatform,
  SPEC_ORDER,
  type TestPlatform,
  type TestTenant,
} from '../../../test/support/test-platform';

/** Contract tests: what each subgraph answers to the gateway's `_entities` queries. */
const SECRET = 'contract-test-internal-secret-0123456789';
let platform: TestPlatform;
let tenant: TestTenant;
let stranger: TestTenant;

beforeAll(async () => {
  platform = await bootTestPlatform({ SOTTO_INTERNAL_SECRET: SECRET });
  tenant = await platform.tenant();
  stranger = await platform.tenant({ menu: false });
});
afterAll(() => platform?.stop());

async function entities(
  subgraph: string,
  who: TestTenant | null,
  representations: unknown[],
  selection: string,
) {
  const url = platform.platform.subgraphs.find((s) => s.name === subgraph)!.url;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (who) {
    headers['x-sotto-context'] = encodeInternalContext(
      {
        restaurantId: who.restaurantId,
        environment: who.environment,
        keyId: who.keyId,
        role: 'admin',
        scopes: [],
      },
      SECRET,
    );
  }
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`,
      variables: { r: representations },
    }),
  });
  return (await response.json()) as any;
}

describe('_entities contract', () => {
  it('menu resolves MenuItem references of the caller, null for unknown codes', async () => {
    const answer = await entities(
      'menu',
      tenant,
      [
        { __typename: 'MenuItem', id: 'burger_1' },
        { __typename: 'MenuItem', id: 'no_such_dish' },
        { __typename: 'MenuItem', id: 'fries_regular' },
      ],
      '... on MenuItem { id name price { cents currency } taxRate available }',
    );
    expect(answer).toEqual({
      data: {
        _entities: [
          {
            id: 'burger_1',
            name: 'Burger Classique',
            price: { cents: 1250, currency: 'EUR' },
            taxRate: 0.1,
            available: true,
          },
          null,
          {
            id: 'fries_regular',
            name: 'Frites Maison',
            price: { cents: 450, currency: 'EUR' },
            taxRate: 0.1,
            available: true,
          },
        ],
      },
    });
  });

  it("menu resolves nothing of another restaurant's menu", async () => {
    const answer = await entities(
      'menu',
      stranger,
      [{ __typename: 'MenuItem', id: 'burger_1' }],
      '... on MenuItem { id }',
    );
    expect(answer.data._entities).toEqual([null]);
  });

  it('orders resolves Order references of the caller only', async () => {
    const order = (await tenant.rest('POST', '/orders', SPEC_ORDER)).body;
    const selection = '... on Order { id status total { cents } items { menuItem { id } } }';
    const own = await entities(
      'orders',
      tenant,
      [{ __typename: 'Order', id: order.order_id }],
      selection,
    );
    expect(own.data._entities).toEqual([
      {
        id: order.order_id,
        status: 'CREATED',
        total: { cents: 1870 },
        items: [{ menuItem: { id: 'burger_1' } }, { menuItem: { id: 'fries_regular' } }],
      },
    ]);
    const other = await entities(
      'orders',
      stranger,
      [{ __typename: 'Order', id: order.order_id }],
      '... on Order { id }',
    );
    expect(other.data._entities).toEqual([null]);
  });

  it('refuses _entities without the gateway-signed caller', async () => {
    const answer = await entities(
      'menu',
      null,
      [{ __typename: 'MenuItem', id: 'burger_1' }],
      '... on MenuItem { id name }',
    );
    expect(answer.data).toBeNull();
    expect(answer.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('serves its SDL through _service to the gateway only', async () => {
    const url = platform.platform.subgraphs.find((s) => s.name === 'orders')!.url;
    const ask = async (headers: Record<string, string>) => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: '{ _service { sdl } }' }),
      });
      return (await response.json()) as any;
    };
    const signed = encodeInternalContext(
      {
        restaurantId: tenant.restaurantId,
        environment: tenant.environment,
        keyId: tenant.keyId,
        role: 'admin',
        scopes: [],
      },
      SECRET,
    );
    expect((await ask({ 'x-sotto-context': signed })).data._service.sdl).toMatch(
      /type Order\s+@key\(fields: "id"\)/,
    );
    const anonymous = await ask({});
    expect(anonymous.data).toBeNull();
    expect(anonymous.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});
