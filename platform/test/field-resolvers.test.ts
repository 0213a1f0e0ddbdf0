import { isObjectType, type GraphQLFieldResolver, type GraphQLSchema } from 'graphql';
import { SPEC_ORDER, bootTestPlatform, type TestPlatform } from '../../test/support/test-platform';

/**
 * A subgraph resolves each field with its own resolver: no Apollo Server plugin hooks into
 * every field (the default cache-control plugin did, to compute cache hints nothing sets:
 * Apollo then wraps every resolver of the schema, and calls the hook for every field resolved).
 */
let platform: TestPlatform;

beforeAll(async () => {
  platform = await bootTestPlatform();
});

afterAll(() => platform?.stop());

function resolvers(schema: GraphQLSchema) {
  const found = new Map<string, GraphQLFieldResolver<unknown, unknown> | undefined>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      found.set(`${type.name}.${field.name}`, field.resolve);
    }
  }
  return found;
}

it('serving orders and federated reads leaves every subgraph field resolver as it was', async () => {
  const before = new Map(
    platform.platform.subgraphs.map((subgraph) => [subgraph.name, resolvers(subgraph.schema)]),
  );
  const tenant = await platform.tenant({ stock: true });
  const created = await tenant.rest('POST', '/orders', SPEC_ORDER);
  expect(created.status).toBe(201);
  const read = await tenant.graphql(
    `query($id: ID!) { order(id: $id) { id total { cents } items { menuItem { name available portionsLeft } } payments { id } } }`,
    { id: created.body.order_id },
  );
  expect(read.body.errors).toBeUndefined();
  expect(read.body.data.order.items[0].menuItem.name).toEqual(expect.any(String));
  for (const subgraph of platform.platform.subgraphs) {
    expect([subgraph.name, resolvers(subgraph.schema)]).toEqual([
      subgraph.name,
      before.get(subgraph.name),
    ]);
  }
});
