/**
 * The mandated stack's floor: `@apollo/gateway` on `@apollo/server` in front of `@apollo/subgraph`
 * subgraphs called in this process (Apollo's `executeOperation`, as the platform calls its own
 * in one process), answering the benchmark's routes with the platform's graph shapes from
 * constant data, on bare `node:http`. No authentication, limits, request log, validation, REST
 * mapping or database: what a scenario cannot go below as long as it runs through these
 * packages, measured in the same run as the platform and the bare server.
 *
 * With a database (`FloorOptions.databaseUrl`), each subgraph fetch first makes one round trip
 * to PostgreSQL, the least a subgraph that keeps its data there pays: one prepared statement
 * that reads no table, on a pool of the platform's size. The answers stay the constant ones.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { composeServices } from '@apollo/composition';
import { ApolloGateway, type GraphQLDataSource } from '@apollo/gateway';
import { ApolloServer, type GraphQLRequest } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { parse, type DocumentNode } from 'graphql';
import { Pool } from 'pg';

const LINK = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.3",
  import: ["@key", "@shareable", "@external", "@requires"])`;

const MONEY = 'type Money @shareable { amount: Float! currency: String! }';

interface FloorItem {
  code: string;
  name: string;
  price: number;
}

const MENU: FloorItem[] = [
  { code: 'burger_1', name: 'Burger Classique', price: 12.5 },
  { code: 'fries_regular', name: 'Frites Maison', price: 4.5 },
];

const money = (amount: number) => ({ amount, currency: 'EUR' });

function floorOrder(id: string, status = 'created') {
  return {
    id,
    status,
    tableId: '12',
    createdAt: '2026-11-27T19:30:00.000Z',
    total: money(18.7),
    items: MENU.map((item, position) => ({
      id: `itm_${position}`,
      quantity: 1,
      name: item.name,
      unitPrice: money(item.price),
      menuItem: { code: item.code },
    })),
  };
}

interface FloorSubgraph {
  name: string;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<unknown>;
}

/** Runs one operation on a subgraph of the floor, as the orders service asks menu and stock. */
type Call = (subgraph: string, request: GraphQLRequest) => Promise<Record<string, any>>;

function floorSubgraphs(call: Call): FloorSubgraph[] {
  return [
    {
      name: 'orders',
      typeDefs: parse(`${LINK}
        ${MONEY}
        type Query { order(id: ID!): Order }
        type Mutation { createOrder(input: OrderInput!): Order! setOrderStatus(id: ID!, status: String!): Order! }
        input OrderInput { tableId: String items: [LineInput!]! }
        input LineInput { menuItemId: ID! quantity: Int! }
        type Order @key(fields: "id") { id: ID! status: String! tableId: String createdAt: String! total: Money! items: [OrderItem!]! }
        type OrderItem { id: ID! quantity: Int! name: String! unitPrice: Money! menuItem: MenuItem! }
        type MenuItem @key(fields: "code", resolvable: false) { code: ID! }`),
      resolvers: {
        Query: { order: (_: unknown, { id }: { id: string }) => floorOrder(id) },
        Mutation: {
          // As the orders service does: the menu's prices and the stock's verdict, asked at once.
          createOrder: async (
            _: unknown,
            { input }: { input: { items: Array<{ menuItemId: string; quantity: number }> } },
          ) => {
            const codes = input.items.map((line) => line.menuItemId);
            const [menu, stock] = await Promise.all([
              call('menu', {
                query: 'query Prices($codes: [ID!]!) { menuItems(codes: $codes) { code price } }',
                variables: { codes },
              }),
              call('inventory', {
                query: 'query Shortages($lines: [LineInput!]!) { stockShortages(lines: $lines) }',
                variables: { lines: input.items },
              }),
            ]);
            if (menu.menuItems.length !== codes.length || stock.stockShortages.length) {
              throw new Error('refused');
            }
            return floorOrder(`ord_${Date.now()}`);
          },
          setOrderStatus: (_: unknown, { id, status }: { id: string; status: string }) =>
            floorOrder(id, status),
        },
      },
    },
    {
      name: 'menu',
      typeDefs: parse(`${LINK}
        type Query { menuItems(codes: [ID!]!): [MenuItem!]! }
        type MenuItem @key(fields: "code") { code: ID! name: String! price: Float! active: Boolean! }`),
      resolvers: {
        Query: {
          menuItems: (_: unknown, { codes }: { codes: string[] }) =>
            MENU.filter((item) => codes.includes(item.code)).map((item) => ({
              ...item,
              active: true,
            })),
        },
        MenuItem: {
          __resolveReference: ({ code }: { code: string }) => ({
            ...MENU.find((item) => item.code === code),
            active: true,
          }),
        },
      },
    },
    {
      name: 'inventory',
      typeDefs: parse(`${LINK}
        type Query { stockShortages(lines: [LineInput!]!): [String!]! }
        input LineInput { menuItemId: ID! quantity: Int! }
        type MenuItem @key(fields: "code") {
          code: ID!
          active: Boolean! @external
          available: Boolean! @requires(fields: "active")
          portionsLeft: Int @requires(fields: "active")
        }`),
      resolvers: {
        Query: { stockShortages: () => [] },
        MenuItem: {
          __resolveReference: (reference: { code: string; active: boolean }) => ({
            ...reference,
            available: reference.active,
            portionsLeft: 40,
          }),
        },
      },
    },
    {
      name: 'payments',
      typeDefs: parse(`${LINK}
        ${MONEY}
        type Order @key(fields: "id") { id: ID! payments: [Payment!]! amountDue: Money! }
        type Payment { id: ID! status: String! amount: Money! }`),
      resolvers: {
        Order: {
          __resolveReference: ({ id }: { id: string }) => ({
            id,
            payments: [{ id: 'pay_0', status: 'completed', amount: money(10) }],
            amountDue: money(8.7),
          }),
        },
      },
    },
    {
      name: 'reservations',
      typeDefs: parse(`${LINK}
        type Query { tableAvailability(startTime: String!, partySize: Int!): [TableSlot!]! }
        type TableSlot { tableId: ID! seats: Int! startTime: String! }`),
      resolvers: {
        Query: {
          tableAvailability: (_: unknown, args: { startTime: string; partySize: number }) =>
            ['t4', 't9'].map((tableId) => ({
              tableId,
              seats: args.partySize,
              startTime: args.startTime,
            })),
        },
      },
    },
  ];
}

const ORDER_QUERY = `query Order($id: ID!) {
  order(id: $id) { id status tableId createdAt total { amount currency }
    items { id quantity name unitPrice { amount currency } menuItem { code } } }
}`;
const CREATE = `mutation Create($input: OrderInput!) {
  createOrder(input: $input) { id status tableId createdAt total { amount currency }
    items { id quantity name unitPrice { amount currency } } }
}`;
const SET_STATUS = `mutation SetStatus($id: ID!, $status: String!) {
  setOrderStatus(id: $id, status: $status) { id status }
}`;
const AVAILABILITY = `query Availability($startTime: String!, $partySize: Int!) {
  tableAvailability(startTime: $startTime, partySize: $partySize) { tableId seats startTime }
}`;

/** The GraphQL request that stands for a route of the benchmark, or undefined: not a route of it. */
function routeRequest(method: string, url: URL, body: any): GraphQLRequest | undefined {
  const order = /^\/api\/v1\/orders\/([^/]+)$/.exec(url.pathname);
  const status = /^\/api\/v1\/orders\/([^/]+)\/status$/.exec(url.pathname);
  if (method === 'POST' && url.pathname === '/graphql') return body;
  if (method === 'GET' && order) return { query: ORDER_QUERY, variables: { id: order[1] } };
  if (method === 'PATCH' && status) {
    return { query: SET_STATUS, variables: { id: status[1], status: body.status } };
  }
  if (method === 'POST' && url.pathname === '/api/v1/orders') {
    const items = body.items.map((line: { menu_item_id: string; quantity: number }) => ({
      menuItemId: line.menu_item_id,
      quantity: line.quantity,
    }));
    return { query: CREATE, variables: { input: { tableId: body.table_id, items } } };
  }
  if (method === 'GET' && url.pathname === '/api/v1/tables/availability') {
    return {
      query: AVAILABILITY,
      variables: {
        startTime: url.searchParams.get('start_time'),
        partySize: Number(url.searchParams.get('party_size')),
      },
    };
  }
  return undefined;
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
}

/** New each time: Apollo Server adds its default plugins to the list it is given. */
const quiet = () => [
  ApolloServerPluginCacheControlDisabled(),
  ApolloServerPluginLandingPageDisabled(),
];

/** An operation run in process on `server`, its one (non-incremental) result. */
async function execute(server: ApolloServer, request: GraphQLRequest) {
  const response = await server.executeOperation(request);
  if (response.body.kind !== 'single') throw new Error('incremental delivery');
  return response.body.singleResult;
}

export interface FloorOptions {
  /** A PostgreSQL database: each subgraph fetch then makes one round trip to it first. */
  databaseUrl?: string;
  /** The pool's connections (the platform's `SOTTO_DB_POOL_MAX`). */
  poolSize?: number;
}

/** The round trip of a fetch: a prepared statement that reads no table. */
const ROUND_TRIP = { name: 'floor_round_trip', text: 'select $1::text as subgraph' };

export class FrameworkFloor {
  private server?: Server;
  private gatewayServer?: ApolloServer;
  private readonly subgraphs = new Map<string, ApolloServer>();
  private readonly pool?: Pool;
  /** The round trips made to the database so far. */
  roundTrips = 0;

  constructor(options: FloorOptions = {}) {
    if (options.databaseUrl) {
      this.pool = new Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 4 });
    }
  }

  /** One fetch of a subgraph: its round trip to the database, if any, then its operation. */
  private async fetch(name: string, request: GraphQLRequest) {
    if (this.pool) {
      await this.pool.query({ ...ROUND_TRIP, values: [name] });
      this.roundTrips += 1;
    }
    return execute(this.subgraphs.get(name)!, request);
  }

  /** A subgraph's answer to one operation, in process. */
  private readonly call: Call = async (name, request) => {
    const { data, errors } = await this.fetch(name, request);
    if (errors?.length) throw new Error(errors[0]!.message);
    return data as Record<string, any>;
  };

  async start(): Promise<string> {
    const subgraphs = floorSubgraphs(this.call);
    for (const { name, typeDefs, resolvers } of subgraphs) {
      const server = new ApolloServer({
        schema: buildSubgraphSchema([{ typeDefs, resolvers }]),
        plugins: [...quiet(), ApolloServerPluginInlineTraceDisabled()],
        // The bench stops it (`stop`); a listener per server on each signal is none of its cost.
        stopOnTerminationSignals: false,
      });
      await server.start();
      this.subgraphs.set(name, server);
    }
    const composed = composeServices(
      subgraphs.map(({ name, typeDefs }) => ({ name, typeDefs, url: `in-process:${name}` })),
    );
    if (composed.errors) throw composed.errors[0];
    const dataSource = (name: string): GraphQLDataSource => ({
      process: ({ request }) =>
        this.fetch(name, {
          query: request.query,
          variables: request.variables,
          operationName: request.operationName,
        }),
    });
    this.gatewayServer = new ApolloServer({
      gateway: new ApolloGateway({
        supergraphSdl: composed.supergraphSdl,
        buildService: ({ name }) => dataSource(name),
      }),
      plugins: quiet(),
      stopOnTerminationSignals: false,
    });
    await this.gatewayServer.start();
    const gateway = this.gatewayServer;

    this.server = createServer((request, response) => {
      const answer = (status: number, body: unknown) => {
        const text = JSON.stringify(body);
        response.writeHead(status, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(text),
        });
        response.end(text);
      };
      readJson(request)
        .then(async (body) => {
          const url = new URL(request.url ?? '/', 'http://floor');
          const graphqlRequest = routeRequest(request.method ?? 'GET', url, body);
          if (!graphqlRequest) return answer(404, { error: { code: 'route_not_found' } });
          const { data, errors } = await execute(gateway, graphqlRequest);
          if (errors?.length) return answer(500, { errors });
          // A REST route answers its one root field; GraphQL over HTTP, the whole response.
          const rest = url.pathname !== '/graphql';
          return answer(
            rest && request.method === 'POST' ? 201 : 200,
            rest ? Object.values(data!)[0] : { data },
          );
        })
        .catch((error: Error) => answer(500, { error: { message: error.message } }));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop() {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve) ?? resolve(undefined));
    await this.gatewayServer?.stop();
    for (const server of this.subgraphs.values()) await server.stop();
    await this.pool?.end();
  }
}
