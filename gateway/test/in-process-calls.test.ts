import { inProcessTransport } from '../../platform/src/graphql/in-process-subgraph';
import { allow } from '../../platform/src/graphql/shield';
import { createSubgraphFetcher } from '../../platform/src/graphql/subgraph-fetcher';
import { startSubgraph, type RunningSubgraph } from '../../platform/src/graphql/subgraph-server';
import {
  httpTransport,
  internalHeaders,
  type SubgraphTransport,
} from '../../platform/src/graphql/subgraph-transport';
import type { RequestScoped } from '../../platform/src/graphql/request-context';
import { createLogger, type Logger } from '../../platform/src/logger';
import {
  encodeInternalContext,
  INTERNAL_CONTEXT_HEADER,
} from '../../platform/src/tenancy/internal-context';
import type { Caller } from '../../platform/src/tenancy/tenant';
import {
  bootTestPlatform,
  SPEC_ORDER,
  type TestPlatform,
  type TestTenant,
} from '../../test/support/test-platform';
import { injected, injectedLiteral } from '../../test/support/jit-injection';

/**
 * In one process (`npm start`), the gateway and the services call each other's subgraphs without
 * HTTP, with the same schema, answers and signed internal header as over HTTP.
 */
let platform: TestPlatform;

beforeAll(async () => {
  platform = await bootTestPlatform();
});
afterAll(() => platform?.stop());

const subgraph = (name: string): RunningSubgraph =>
  platform.platform.subgraphs.find((candidate) => candidate.name === name)!;

/** The gateway's headers for a call on behalf of an admin key of `tenant`. */
const adminHeaders = (tenant: TestTenant, requestId: string) =>
  internalHeaders(
    {
      restaurantId: tenant.restaurantId,
      environment: tenant.environment,
      keyId: tenant.keyId,
      role: 'admin',
      scopes: [],
    },
    requestId,
    platform.platform.internalSecret,
  );

/**
 * Requests to the orders subgraph about the order `orderId`: a read (one order found, one not),
 * a domain refusal, and operations that do not start — variables of the wrong type, an unknown
 * field, introspection, an operation name the document does not hold, a text that does not
 * parse.
 */
function orderRequests(orderId: string) {
  const read = {
    query: `query ($id: ID!, $missing: ID!) {
      order(id: $id) { id status total { amount currency } items { quantity menuItem { id } } }
      missing: order(id: $missing) { id }
    }`,
    variables: { id: orderId, missing: 'ord_not_there' },
  };
  const refused = {
    query: 'query Page($first: Int) { orders(first: $first) { nodes { id } } }',
    variables: { first: 0 },
    operationName: 'Page',
  };
  const notStarted = [
    { query: refused.query, variables: { first: 'ten' } },
    { query: '{ orders { nodes { id colour } } }' },
    { query: '{ __schema { types { name } } }' },
    { query: read.query, variables: read.variables, operationName: 'Elsewhere' },
    { query: '{ orders { nodes { id }' },
  ];
  return { read, refused, notStarted };
}

/**
 * A new restaurant's order of the spec, the orders subgraph, an admin's internal headers under
 * `requestId`, and {@link orderRequests} about that order.
 */
async function orderFixture(requestId: string) {
  const tenant = await platform.tenant({ stock: true });
  const created = await tenant.rest('POST', '/orders', SPEC_ORDER);
  const orderId: string = created.body.order_id;
  return {
    orders: subgraph('orders'),
    headers: adminHeaders(tenant, requestId),
    orderId,
    ...orderRequests(orderId),
  };
}

/** A logger whose lines are kept, parsed. */
function keptLines() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger('test', 'info', {
    write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
  });
  return { lines, logger };
}

/** A subgraph of the menu's schema with one resolver, `menuItems`, on a port of its own. */
const menuSubgraph = (
  logger: Logger,
  menuItems: () => unknown,
  context: (caller: Caller | null, requestId: string) => RequestScoped = (caller, requestId) => ({
    caller,
    requestId,
  }),
) =>
  startSubgraph(
    {
      name: 'menu',
      resolvers: { Query: { menuItems } },
      permissions: { Query: { menuItems: allow } },
      orm: platform.platform.orms.menu!,
      internalSecret: platform.platform.internalSecret,
      logger,
      context,
    },
    { host: '127.0.0.1', port: 0 },
  );

/** What a subgraph answered a POST of `body`, as bytes: status, headers but the date, text. */
async function posted(url: string, headers: Record<string, string>, body: unknown) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const { date: _date, ...head } = Object.fromEntries(response.headers);
  return { status: response.status, head, text: await response.text() };
}

/** Connections open on a subgraph's HTTP server. */
const connections = (name: string) =>
  new Promise<number>((resolve, reject) =>
    subgraph(name).app.server.getConnections((error, count) =>
      error ? reject(error) : resolve(count),
    ),
  );

describe('subgraphs in the same process', () => {
  it('are called without HTTP, by the gateway and by each other', async () => {
    const tenant = await platform.tenant({ stock: true });
    // The gateway calls orders, which calls menu and inventory; then the federated read.
    const created = await tenant.rest('POST', '/orders', SPEC_ORDER);
    expect(created.status).toBe(201);
    const read = await tenant.graphql(
      `query ($id: ID!) { order(id: $id) { id items { menuItem { name portionsLeft } } payments { id } } }`,
      { id: created.body.order_id },
    );
    expect(read.body.errors).toBeUndefined();
    expect(read.body.data.order.items[0].menuItem.name).toEqual(expect.any(String));
    for (const name of ['orders', 'menu', 'inventory', 'payments']) {
      expect({ name, connections: await connections(name) }).toEqual({ name, connections: 0 });
    }
  });

  it('answer what they answer over HTTP, errors included, as objects of their own', async () => {
    const { orders, headers, orderId, read, refused, notStarted } =
      await orderFixture('req_in_process_test');
    const fetcher = createSubgraphFetcher({ timeoutMs: 5_000 });
    try {
      for (const request of [read, refused, ...notStarted]) {
        const overHttp = await httpTransport(fetcher.fetch)(orders.url, headers, request);
        const inProcess = await orders.inProcess.execute(headers, request);
        expect(inProcess.status).toBe(overHttp.status);
        expect(JSON.parse(JSON.stringify(inProcess.body))).toEqual(overHttp.body);
      }
      const answer = (await orders.inProcess.execute(headers, read)).body as {
        data: { order: { id: string }; missing: null };
      };
      expect(answer.data).toMatchObject({ order: { id: orderId }, missing: null });
      const refusal = (await orders.inProcess.execute(headers, refused)).body as {
        errors: { extensions: { code: string } }[];
      };
      expect(refusal.errors[0]!.extensions.code).toBe('INVALID_FIELD');
      // A new answer each time: what one caller changes, the next one does not see.
      answer.data.order.id = 'changed';
      const again = (await orders.inProcess.execute(headers, read)).body as typeof answer;
      expect(again.data.order.id).toBe(orderId);
    } finally {
      fetcher.close();
    }
  });

  it("run a valid operation without Apollo Server's request pipeline", async () => {
    const tenant = await platform.tenant({});
    const menu = subgraph('menu');
    const headers = adminHeaders(tenant, 'req_direct_test');
    const pipeline = jest.spyOn(menu.apollo, 'executeOperation');
    try {
      const asked = { query: '{ menuItems { id name } }' };
      for (let call = 0; call < 3; call++) {
        const answer = await menu.inProcess.execute(headers, asked);
        expect(answer.status).toBe(200);
        expect((answer.body as { data: { menuItems: unknown[] } }).data.menuItems).toEqual(
          expect.any(Array),
        );
      }
      expect(pipeline).not.toHaveBeenCalled();
      // One that does not start goes through the pipeline, which answers it as over HTTP.
      await menu.inProcess.execute(headers, { query: '{ menuItems { id colour } }' });
      expect(pipeline).toHaveBeenCalledTimes(1);
    } finally {
      pipeline.mockRestore();
    }
  });

  it("log and shape a resolver's bug as over HTTP, with the request id", async () => {
    const { lines, logger } = keptLines();
    // The menu's schema, its one root field broken.
    const broken = await menuSubgraph(logger, () => {
      throw new TypeError("Cannot read properties of undefined (reading 'price')");
    });
    const fetcher = createSubgraphFetcher({ timeoutMs: 5_000 });
    try {
      const asked = { query: '{ menuItems { id } }' };
      const headers = (requestId: string) =>
        internalHeaders(null, requestId, platform.platform.internalSecret);
      const overHttp = await httpTransport(fetcher.fetch)(
        broken.url,
        headers('req_broken_http'),
        asked,
      );
      const inProcess = await broken.inProcess.execute(headers('req_broken_direct'), asked);
      expect(inProcess.status).toBe(overHttp.status);
      expect(JSON.parse(JSON.stringify(inProcess.body))).toEqual(overHttp.body);
      expect(overHttp.body).toEqual({
        data: null,
        errors: [
          {
            message: 'Internal server error',
            path: ['menuItems'],
            extensions: { code: 'INTERNAL_SERVER_ERROR' },
          },
        ],
      });
      const logged = lines.filter((line) => line.msg === 'unexpected error');
      expect(logged).toEqual(
        ['req_broken_http', 'req_broken_direct'].map((requestId) =>
          expect.objectContaining({
            requestId,
            path: ['menuItems'],
            err: expect.objectContaining({ message: expect.stringContaining("reading 'price'") }),
          }),
        ),
      );
    } finally {
      fetcher.close();
      await broken.stop();
    }
  });

  it('answer a request that does not parse with the status HTTP gives it', async () => {
    const answer = await subgraph('menu').inProcess.execute({}, { query: '{ menuItems {' });
    expect(answer.status).toBe(400);
    expect((answer.body as { errors: { extensions: { code: string } }[] }).errors[0]).toMatchObject(
      { extensions: { code: 'GRAPHQL_PARSE_FAILED' } },
    );
  });

  it('serve no page to a browser on their HTTP port', async () => {
    const answer = await fetch(subgraph('menu').url, { headers: { accept: 'text/html' } });
    expect(answer.headers.get('content-type')).not.toContain('text/html');
    expect(await answer.text()).not.toMatch(/<html|apollo-server-landing-page|embeddable-sandbox/i);
  });

  it('still ask for the signed internal header: none, or a forged one, is no caller', async () => {
    const menu = subgraph('menu');
    const asked = { query: '{ menuItems { id } }' };
    const codeOf = (body: unknown) =>
      (body as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code;
    expect(codeOf((await menu.inProcess.execute({}, asked)).body)).toBe('UNAUTHENTICATED');
    const forged = encodeInternalContext(
      { restaurantId: 'rst_x', environment: 'sandbox', role: 'admin', keyId: 'key_x', scopes: [] },
      'not-the-platform-secret-not-the-platform-secret',
    );
    const answer = await menu.inProcess.execute({ [INTERNAL_CONTEXT_HEADER]: forged }, asked);
    expect(codeOf(answer.body)).toBe('UNAUTHENTICATED');
  });
});

/**
 * Over HTTP (the gateway in a process of its own, as docker-compose runs it), a subgraph's
 * `/graphql` runs a valid operation without Apollo Server's request pipeline too, and answers the
 * bytes Apollo answers. The reference is the same request with `extensions: null`, which means
 * the same to Apollo and is left to it. That a request without the signed internal header, or
 * with a forged one, reaches no data over HTTP is `auth.test.ts`'s.
 */
describe("a subgraph's HTTP route", () => {
  it('answers a valid operation as Apollo does, without its pipeline; the rest through it', async () => {
    const { orders, headers, orderId, read, refused, notStarted } =
      await orderFixture('req_http_route_test');
    const pipeline = jest.spyOn(orders.apollo, 'executeHTTPGraphQLRequest');
    try {
      for (const [request, direct] of [
        [read, true],
        [refused, true],
        ...notStarted.map((request) => [request, false] as const),
      ] as const) {
        pipeline.mockClear();
        const answer = await posted(orders.url, headers, request);
        expect({ request, apollo: pipeline.mock.calls.length }).toEqual({
          request,
          apollo: direct ? 0 : 1,
        });
        const reference = await posted(orders.url, headers, { ...request, extensions: null });
        expect(pipeline).toHaveBeenCalledTimes(direct ? 1 : 2);
        expect(answer).toEqual(reference);
      }
      const answer = await posted(orders.url, headers, read);
      expect(answer.head['content-type']).toBe('application/json; charset=utf-8');
      expect(JSON.parse(answer.text).data).toMatchObject({
        order: { id: orderId },
        missing: null,
      });
      const refusal = JSON.parse((await posted(orders.url, headers, refused)).text);
      expect(Object.keys(refusal)).toEqual(['errors', 'data']);
      expect(refusal.errors[0].extensions.code).toBe('INVALID_FIELD');
    } finally {
      pipeline.mockRestore();
    }
  });

  it('leaves a context that cannot be made to Apollo, which answers and logs it', async () => {
    const { lines, logger } = keptLines();
    const failing = await menuSubgraph(
      logger,
      () => [],
      () => {
        throw new Error('connection pool exhausted');
      },
    );
    try {
      const asked = { query: '{ menuItems { id } }' };
      const answer = await posted(failing.url, {}, asked);
      const reference = await posted(failing.url, {}, { ...asked, extensions: null });
      expect(answer).toEqual(reference);
      expect(answer.status).toBe(500);
      expect(answer.text).not.toContain('connection pool exhausted');
      expect(lines.filter((line) => line.msg === 'unexpected error')).toHaveLength(2);
    } finally {
      await failing.stop();
    }
  });
});

describe('the in-process transport', () => {
  const url = 'http://127.0.0.1:1/graphql';
  const overHttp = jest.fn<ReturnType<SubgraphTransport>, Parameters<SubgraphTransport>>(
    async () => {
      throw new Error('connection refused');
    },
  );
  beforeEach(() => overHttp.mockClear());
  const asked = { query: '{ a }' };

  it('answers a subgraph that does not answer in time as an HTTP call would: unavailable', async () => {
    const hung = { serving: true, execute: () => new Promise<never>(() => {}) };
    const transport = inProcessTransport(new Map([[url, hung]]), overHttp, 50);
    await expect(transport(url, {}, asked)).rejects.toThrow(
      /no answer from 127\.0\.0\.1:1 within 50 ms/,
    );
  });

  it('goes over HTTP to a stopped subgraph, and to any other URL', async () => {
    const execute = jest.fn();
    const stopped = { serving: false, execute };
    const transport = inProcessTransport(new Map([[url, stopped]]), overHttp, 1000);
    await expect(transport(url, {}, asked)).rejects.toThrow('connection refused');
    await expect(transport('http://elsewhere/graphql', {}, asked)).rejects.toThrow(
      'connection refused',
    );
    expect(execute).not.toHaveBeenCalled();
    expect(overHttp).toHaveBeenCalledTimes(2);
  });
});

describe('compiled operations, through the gateway', () => {
  it('take a client literal made to run as code in graphql-jit for a literal, time after time', async () => {
    const tenant = await platform.tenant();
    const asked = `{ order(id: ${JSON.stringify(injectedLiteral())}) { id status } }`;
    // Read afresh each time (not from the gateway's read cache), so that the subgraph runs it.
    const headers = { authorization: `Bearer ${tenant.token}`, 'cache-control': 'no-cache' };
    for (let i = 0; i < 3; i++) {
      const answer = await platform.request('POST', '/graphql', {
        body: { query: asked },
        headers,
      });
      expect(answer.body).toEqual({ data: { order: null } });
    }
    expect(injected()).toBe(false);
  });
});
