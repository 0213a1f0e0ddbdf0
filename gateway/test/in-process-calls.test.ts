import type { Fetcher } from '@apollo/utils.fetcher';
import { inProcessFetcher } from '../../platform/src/graphql/in-process-fetcher';
import type { RunningSubgraph } from '../../platform/src/graphql/subgraph-server';
import {
  encodeInternalContext,
  INTERNAL_CONTEXT_HEADER,
} from '../../platform/src/tenancy/internal-context';
import { bootTestPlatform, SPEC_ORDER, type TestPlatform } from '../../test/support/test-platform';

/**
 * In one process (`npm start`), the gateway and the services call each other's subgraphs without
 * HTTP, through the same Apollo Server and the same signed internal header.
 */
let platform: TestPlatform;

beforeAll(async () => {
  platform = await bootTestPlatform();
});
afterAll(() => platform?.stop());

const subgraph = (name: string): RunningSubgraph =>
  platform.platform.subgraphs.find((candidate) => candidate.name === name)!;

/** Connections open on a subgraph's HTTP server. */
const connections = (name: string) =>
  new Promise<number>((resolve, reject) =>
    subgraph(name).app.server.getConnections((error, count) =>
      error ? reject(error) : resolve(count),
    ),
  );

const query = (body: unknown, headers: Record<string, string> = {}) => ({
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

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

  it('still ask for the signed internal header: none, or a forged one, is no caller', async () => {
    const menu = subgraph('menu');
    const asked = { query: '{ menuItems { id } }' };
    const anonymous = JSON.parse((await menu.inProcess.handle(query(asked))).body);
    expect(anonymous.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const forged = encodeInternalContext(
      { restaurantId: 'rst_x', environment: 'sandbox', role: 'admin', keyId: 'key_x', scopes: [] },
      'not-the-platform-secret-not-the-platform-secret',
    );
    const answer = await menu.inProcess.handle(query(asked, { [INTERNAL_CONTEXT_HEADER]: forged }));
    expect(JSON.parse(answer.body).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('the in-process fetcher', () => {
  const url = 'http://127.0.0.1:1/graphql';
  const overHttp = jest.fn<ReturnType<Fetcher>, Parameters<Fetcher>>(async () => {
    throw new Error('connection refused');
  });
  beforeEach(() => overHttp.mockClear());

  it('answers a subgraph that does not answer in time as an HTTP call would: unavailable', async () => {
    const hung = { serving: true, handle: () => new Promise<never>(() => {}) };
    const fetch = inProcessFetcher(new Map([[url, hung]]), overHttp, 50);
    await expect(fetch(url, { method: 'POST', body: '{}' })).rejects.toThrow(
      /no answer from 127\.0\.0\.1:1 within 50 ms/,
    );
  });

  it('goes over HTTP to a stopped subgraph, and to any other URL', async () => {
    const handle = jest.fn();
    const stopped = { serving: false, handle };
    const fetch = inProcessFetcher(new Map([[url, stopped]]), overHttp, 1000);
    await expect(fetch(url, { method: 'POST', body: '{}' })).rejects.toThrow('connection refused');
    await expect(fetch('http://elsewhere/graphql', { method: 'POST', body: '{}' })).rejects.toThrow(
      'connection refused',
    );
    expect(handle).not.toHaveBeenCalled();
    expect(overHttp).toHaveBeenCalledTimes(2);
  });
});
