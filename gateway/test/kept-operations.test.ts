// The module's own exports object, which the gateway reads at each call: an import's namespace
// may be a copy of it (as tsx's loader makes one), where a property put would change nothing.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import operations = require('@apollo/federation-internals/dist/operations');
import {
  bootTestPlatform,
  SPEC_ORDER,
  type TestPlatform,
  type TestTenant,
} from '../../test/support/test-platform';

/**
 * The gateway builds the federation operation that shapes an answer once per operation it has
 * parsed, not at every execution (`keepFederationOperations`): counted here by wrapping the
 * function it keeps, before the platform boots and installs it.
 */
const built: string[] = [];
const asIs = operations.operationFromDocument;
Object.defineProperty(operations, 'operationFromDocument', {
  value: (...args: Parameters<typeof asIs>) => {
    const [, document, options] = args;
    if (options?.validate === false) {
      const definition = document.definitions.find((node) => node.kind === 'OperationDefinition');
      built.push((definition && 'name' in definition && definition.name?.value) || '(anonymous)');
    }
    return asIs(...args);
  },
  writable: true,
  enumerable: true,
  configurable: true,
});

let platform: TestPlatform;
let tenant: TestTenant;

beforeAll(async () => {
  platform = await bootTestPlatform();
  tenant = await platform.tenant();
});
afterAll(() => platform?.stop());

const ORDER_QUERY = `query KeptOrder($id: ID!, $withItems: Boolean!) {
  order(id: $id) { id status ...Lines }
}
fragment Lines on Order { items @include(if: $withItems) { quantity menuItem { name } } }`;

/** The query executed through the subgraphs every time (the read cache does not answer it). */
const executed = (variables: Record<string, unknown>) =>
  platform.request('POST', '/graphql', {
    body: { query: ORDER_QUERY, variables },
    headers: { authorization: `Bearer ${tenant.token}`, 'cache-control': 'no-cache' },
  });

async function newOrder(): Promise<string> {
  const created = await tenant.rest('POST', '/orders', SPEC_ORDER);
  expect(created.status).toBe(201);
  return created.body.order_id as string;
}

it('builds an operation sent again with other variables once, and shapes each answer by its own variables', async () => {
  const [first, second] = [await newOrder(), await newOrder()];
  built.length = 0;
  const answers = [
    await executed({ id: first, withItems: true }),
    await executed({ id: second, withItems: false }),
    await executed({ id: first, withItems: false }),
  ];
  expect(built.filter((name) => name === 'KeptOrder')).toHaveLength(1);
  expect(answers.map((answer) => answer.body.errors)).toEqual([undefined, undefined, undefined]);
  expect(answers.map((answer) => answer.body.data.order.id)).toEqual([first, second, first]);
  expect(answers[0]!.body.data.order.items.map((item: any) => item.menuItem.name)).toEqual([
    'Burger Classique',
    'Frites Maison',
  ]);
  expect('items' in answers[1]!.body.data.order).toBe(false);
  expect('items' in answers[2]!.body.data.order).toBe(false);
});

it("builds a REST route's operation once for the route's every call", async () => {
  const ids = [await newOrder(), await newOrder()];
  built.length = 0;
  for (const id of [...ids, ...ids]) {
    const read = await tenant.rest('GET', `/orders/${id}`, undefined, {
      'cache-control': 'no-cache',
    });
    expect(read.status).toBe(200);
    expect(read.body.order_id).toBe(id);
  }
  expect(built).toHaveLength(1);
});
