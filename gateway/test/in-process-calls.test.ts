import { inProcessTransport } from '../../platform/src/graphql/in-process-subgraph';
import { allow } from '../../platform/src/graphql/shield';
import { createSubgraphFetcher } from '../../platform/src/graphql/subgraph-fetcher';
import { startSubgraph, type RunningSubgraph } from '../../platform/src/graphql/subgraph-server';
import {
  httpTransport,
  internalHeaders,
  type SubgraphTransport,
} from '../../platform/src/graphql/subgraph-transport';
import { createLogger } from '../../platform/src/logger';
import {
  encodeInternalContext,
  INTERNAL_CONTEXT_HEADER,
} from '../../platform/src/tenancy/internal-context';
import {
  bootTestPlatform,
  SPEC_ORDER,
  type TestPlatform,
  type TestTenant,
} from '../../test/support/test-platform';

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
    const tenant = await platform.tenant({ stock: true });
    const created = await tenant.rest('POST', '/orders', SPEC_ORDER);
    const orders = subgraph('orders');
    const headers = adminHeaders(tenant, 'req_in_process_test');
    const read = {
      query: `query ($id: ID!, $missing: ID!) {
        order(id: $id) { id status total { amount currency } items { quantity menuItem { id } } }
        missing: order(id: $missing) { id }
      }`,
      variables: { id: created.body.order_id, missing: 'ord_not_there' },
    };
    const refused = {
      query: 'query ($first: Int) { orders(first: $first) { nodes { id } } }',
      variables: { first: 0 },
    };
    // What does not start: variables of the wrong type, an unknown field, introspection, an
    // operation named that the document does not hold.
    const notStarted = [
      { query: refused.query, variables: { first: 'ten' } },
      { query: '{ orders { nodes { id colour } } }' },
      { query: '{ __schema { types { name } } }' },
      { query: read.query, variables: read.variables, operationName: 'Elsewhere' },
    ];
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
      expect(answer.data).toMatchObject({ order: { id: created.body.order_id }, missing: null });
      const refusal = (await orders.inProcess.execute(headers, refused)).body as {
        errors: { extensions: { code: string } }[];
      };
      expect(refusal.errors[0]!.extensions.code).toBe('INVALID_FIELD');
      // A new answer each time: what one caller changes, the next one does not see.
      answer.data.order.id = 'changed';
      const again = (await orders.inProcess.execute(headers, read)).body as typeof answer;
      expect(again.data.order.id).toBe(created.body.order_id);
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
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger('test', 'info', {
      write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
    });
    // The menu's schema, its one root field broken.
    const broken = await startSubgraph(
      {
        name: 'menu',
        resolvers: {
          Query: {
            menuItems: () => {
              throw new TypeError("Cannot read properties of undefined (reading 'price')");
            },
          },
        },
        permissions: { Query: { menuItems: allow } },
        orm: platform.platform.orms.menu!,
        internalSecret: platform.platform.internalSecret,
        logger,
        context: (caller, requestId) => ({ caller, requestId }),
      },
      { host: '127.0.0.1', port: 0 },
    );
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
