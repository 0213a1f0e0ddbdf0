import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse } from 'graphql';
import {
  forgetInjection,
  injected,
  injectedLiteral,
  jitDateMarker,
} from '../../../test/support/jit-injection';
import { DomainError } from '../errors';
import { CompiledOperations } from './compiled-operations';
import { directExecution } from './direct-execution';
import { DateTimeScalar } from './scalars';

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
  scalar DateTime
  enum Status { CREATED PAID }
  interface Priced { total: Int! }
  type Order implements Priced @key(fields: "id") {
    id: ID!
    status: Status!
    total: Int!
    createdAt: DateTime!
    items(first: Int = 10): [Item!]!
    notes: String
  }
  type Item { id: ID! quantity: Int! missing: String! }
  type Refund implements Priced { id: ID! total: Int! }
  union Found = Order | Refund
  type Query {
    order(id: ID!): Order
    found: [Found!]!
    priced: [Priced!]!
    refused: String
    domain: String
    bug: String
    badInstant: DateTime
    broken: Order
  }
  type Mutation { first: [String!]! second: [String!]! }
`);

const orders: Record<string, object> = {
  ord_1: {
    __typename: 'Order',
    id: 'ord_1',
    status: 'PAID',
    total: 1850,
    createdAt: new Date('2026-11-30T12:00:00Z'),
    items: [{ id: 'itm_1', quantity: 2 }],
  },
};
const refund = { __typename: 'Refund', id: 'ref_1', total: 300 };

function schemaWithLog() {
  const log: string[] = [];
  const resolvers = {
    DateTime: DateTimeScalar,
    Query: {
      order: (_: unknown, { id }: { id: string }) => orders[id] ?? null,
      found: () => [orders.ord_1, refund],
      priced: () => [refund, orders.ord_1],
      // As graphql-shield answers a refusal: the error returned, not thrown.
      refused: () => new GraphQLError('Not permitted', { extensions: { code: 'FORBIDDEN' } }),
      domain: () => {
        throw new DomainError('ORDER_NOT_FOUND', "Order 'ord_x' was not found", { id: 'ord_x' });
      },
      bug: () => {
        throw new Error('secret internals');
      },
      badInstant: () => 'not an instant',
      broken: () => ({ ...orders.ord_1, status: 'LOST' }),
    },
    Order: {
      __resolveReference: ({ id }: { id: string }) => orders[id] ?? null,
      items: (order: { items: object[] }, { first }: { first: number }) =>
        order.items.slice(0, first),
    },
    Priced: { __resolveType: (value: { __typename: string }) => value.__typename },
    Found: { __resolveType: (value: { __typename: string }) => value.__typename },
    Mutation: {
      first: async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        log.push('first');
        return [...log];
      },
      second: () => {
        log.push('second');
        return [...log];
      },
    },
  };
  return { schema: buildSubgraphSchema([{ typeDefs, resolvers: resolvers as never }]), log };
}

const quietLog = () => {};

describe('CompiledOperations', () => {
  const { schema } = schemaWithLog();
  const document = parse('query A { order(id: "ord_1") { id } } query B { found { __typename } }');

  it('compiles an operation on its second run, then answers the same function', () => {
    const compiled = new CompiledOperations(schema);
    expect(compiled.get(document, 'A')).toBeUndefined();
    const first = compiled.get(document, 'A');
    expect(first).toEqual(expect.objectContaining({ query: expect.any(Function) }));
    expect(compiled.get(document, 'A')).toBe(first);
    // Each operation of a document counts its own runs.
    expect(compiled.get(document, 'B')).toBeUndefined();
    expect(compiled.get(document, 'B')).not.toBe(first);
  });

  it('leaves to graphql-js an operation the document does not hold', () => {
    const compiled = new CompiledOperations(schema, 1);
    expect(compiled.get(document, 'C')).toBeUndefined();
    expect(compiled.get(document)).toBeUndefined();
    expect(compiled.get(parse('{ found { __typename } }'))).toBeDefined();
  });
});

describe('what is never compiled', () => {
  const { schema } = schemaWithLog();
  const marker = jitDateMarker();
  const payload = injectedLiteral();

  afterEach(forgetInjection);

  it('holds the marker the guard looks for', () => {
    expect(marker.startsWith('__MAGIC_')).toBe(true);
  });

  it.each([
    ['a string literal', `{ order(id: ${JSON.stringify(payload)}) { id } }`],
    [
      'a string written with escapes',
      `{ order(id: "\\u005f${JSON.stringify(payload).slice(2)}) { id } }`,
    ],
    [
      'a string inside an object literal',
      `{ _entities(representations: [{ __typename: "Order", id: ${JSON.stringify(payload)} }]) { __typename } }`,
    ],
  ])(
    'an operation holding graphql-jit marker in %s: run by graphql-js, time after time',
    async (_, query) => {
      const document = parse(query);
      const compiled = new CompiledOperations(schema, 1);
      expect(compiled.get(document)).toBeUndefined();
      const run = directExecution<object>(schema, quietLog);
      for (let i = 0; i < 3; i++) await run({ query }, {}, `req_${i}`);
      expect(injected()).toBe(false);
    },
  );

  it('an operation naming a field __proto__: graphql-js answers the field', async () => {
    const query = '{ order(id: "ord_1") { __proto__: status id } }';
    expect(new CompiledOperations(schema, 1).get(parse(query))).toBeUndefined();
    const run = directExecution<object>(schema, quietLog);
    for (let i = 0; i < 3; i++) {
      const answer = JSON.parse(JSON.stringify(await run({ query }, {}, `req_${i}`)));
      expect(answer).toEqual({ data: { order: JSON.parse('{"__proto__":"PAID","id":"ord_1"}') } });
    }
  });

  it('an operation with a non-null variable that has a default: graphql-js takes the default', async () => {
    const query = 'query ($id: ID! = "ord_1") { order(id: $id) { id } }';
    expect(new CompiledOperations(schema, 1).get(parse(query))).toBeUndefined();
    const run = directExecution<object>(schema, quietLog);
    for (let i = 0; i < 3; i++) {
      expect(await run({ query }, {}, `req_${i}`)).toEqual({ data: { order: { id: 'ord_1' } } });
    }
  });
});

describe('directExecution, interpreted then compiled', () => {
  /** The answers of three runs of one request: graphql-js's, then the compiled function's. */
  async function threeRuns(query: string, variables?: Record<string, unknown>) {
    const { schema, log } = schemaWithLog();
    const run = directExecution<object>(schema, quietLog);
    const answers = [];
    for (let i = 0; i < 3; i++) {
      log.length = 0;
      const answer = await run({ query, ...(variables && { variables }) }, {}, `req_${i}`);
      answers.push(JSON.parse(JSON.stringify(answer)) as unknown);
    }
    return answers;
  }

  const cases: Record<string, [string, Record<string, unknown>?]> = {
    'objects, lists, arguments with defaults, enums and scalars': [
      'query ($id: ID!, $n: Int) { order(id: $id) { id status total createdAt items(first: $n) { id quantity } notes } }',
      { id: 'ord_1', n: 1 },
    ],
    'aliases, fragments, directives and __typename': [
      'query ($no: Boolean!) { a: order(id: "ord_1") { ...F kept: total @include(if: $no) } b: order(id: "nope") { id } } fragment F on Order { __typename id status @skip(if: $no) }',
      { no: false },
    ],
    'unions and interfaces': [
      '{ found { __typename ... on Order { id total } ... on Refund { id } } priced { total ... on Refund { id } } }',
    ],
    'federation entities': [
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id status } } }',
      {
        r: [
          { __typename: 'Order', id: 'ord_1' },
          { __typename: 'Order', id: 'ord_9' },
        ],
      },
    ],
    'a refusal returned, a domain error and a bug thrown': ['{ refused domain bug }'],
    'a scalar that cannot serialize, a null in a non-null field, an enum out of range': [
      '{ badInstant order(id: "ord_1") { items { id missing } } broken { id status } }',
    ],
    'mutations one after the other': ['mutation { first second }'],
  };

  it.each(Object.entries(cases))('answers alike: %s', async (_name, [query, variables]) => {
    const [interpreted, ...compiled] = await threeRuns(query, variables);
    expect(interpreted).toMatchObject({ data: expect.anything() });
    for (const answer of compiled) expect(answer).toEqual(interpreted);
  });

  it('answers the cases above as graphql-js does, errors shaped for the client', async () => {
    const [errors] = await threeRuns('{ refused domain bug }');
    expect(errors).toEqual({
      data: { refused: null, domain: null, bug: null },
      errors: [
        expect.objectContaining({ path: ['refused'], extensions: { code: 'FORBIDDEN' } }),
        expect.objectContaining({
          path: ['domain'],
          extensions: { code: 'ORDER_NOT_FOUND', details: { id: 'ord_x' } },
        }),
        { message: 'Internal server error', path: ['bug'], extensions: expect.anything() },
      ],
    });
    const [serial] = await threeRuns('mutation { first second }');
    expect(serial).toEqual({ data: { first: ['first'], second: ['first', 'second'] } });
  });

  it('leaves to Apollo Server, run after run, an operation whose variables are refused', async () => {
    const answers = await threeRuns('query ($id: ID!) { order(id: $id) { id } }', { id: {} });
    expect(answers).toEqual([null, null, null]);
    const missing = await threeRuns('query ($id: ID!) { order(id: $id) { id } }');
    expect(missing).toEqual([null, null, null]);
  });
});
