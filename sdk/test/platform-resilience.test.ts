import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { CreateOrderDocument, OrderCreatedDocument, SottoApiError, SottoClient } from '../src';
import {
  bootTestPlatform,
  SPEC_ORDER,
  type TestPlatform,
  type TestTenant,
} from '../../test/support/test-platform';

/**
 * The SDK against the real platform when the network between them fails: answers lost on the
 * way back (the retry must not order twice), a connection cut under a subscription (it must
 * resume without missing an event), and the platform's own 429.
 */
let platform: TestPlatform;
const clients: SottoClient[] = [];
const servers: Server[] = [];

beforeAll(async () => {
  platform = await bootTestPlatform();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  for (const server of servers.splice(0)) {
    server.closeAllConnections?.();
    await new Promise((resolve) => server.close(resolve));
  }
});

afterAll(() => platform?.stop());

function sdkClient(tenant: TestTenant, baseUrl = platform.url): SottoClient {
  const client = new SottoClient({
    baseUrl,
    apiKey: tenant.apiKey,
    retry: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 500 },
  });
  clients.push(client);
  return client;
}

/**
 * An HTTP proxy to the platform that loses the answer of the first request matching `lose`:
 * the platform does the work, the client sees its connection drop.
 */
async function lossyProxy(lose: (method: string, path: string) => boolean) {
  const seen: { path: string; idempotencyKey?: string; replayed: string | null }[] = [];
  let lost = false;
  const server = createHttpServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    const headers = { ...request.headers } as Record<string, string>;
    delete headers.host;
    delete headers['content-length'];
    const upstream = await fetch(platform.url + request.url, {
      method: request.method,
      headers,
      body: body || undefined,
    });
    const text = await upstream.text();
    seen.push({
      path: request.url!,
      idempotencyKey: headers['idempotency-key'],
      replayed: upstream.headers.get('idempotent-replayed'),
    });
    if (!lost && lose(request.method!, request.url!)) {
      lost = true;
      request.socket.destroy();
      return;
    }
    response.writeHead(upstream.status, {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
    });
    response.end(text);
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

/** A TCP proxy to the gateway whose connections can be cut and refused for a while. */
async function cuttableProxy() {
  const target = new URL(platform.url);
  const sockets = new Set<Socket>();
  let refusing = false;
  const server = createTcpServer((downstream) => {
    if (refusing) return downstream.destroy();
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [downstream, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {});
    }
    downstream.pipe(upstream).pipe(downstream);
    downstream.on('close', () => upstream.destroy());
    upstream.on('close', () => downstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server as unknown as Server);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Drops every connection and refuses new ones until `restore()`. */
    cut() {
      refusing = true;
      for (const socket of sockets) socket.destroy();
    },
    restore() {
      refusing = false;
    },
  };
}

async function until(condition: () => boolean, what: string) {
  const deadline = Date.now() + 15_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function ordersAtTable(tenant: TestTenant, tableId: string): Promise<string[]> {
  const answer = await tenant.rest('GET', `/orders?table_id=${tableId}`);
  expect(answer.status).toBe(200);
  return answer.body.data.map((order: { order_id: string }) => order.order_id);
}

describe('retrying a call whose answer was lost', () => {
  it('REST: the retry carries the same Idempotency-Key, the gateway replays, one order exists', async () => {
    const tenant = await platform.tenant();
    const proxy = await lossyProxy(
      (method, path) => method === 'POST' && path === '/api/v1/orders',
    );
    const client = sdkClient(tenant, proxy.url);

    const answer = await client.rest.call<{ order_id: string }>('POST', '/orders', {
      ...SPEC_ORDER,
      table_id: '31',
    });

    expect(answer.status).toBe(201);
    const posts = proxy.seen.filter((call) => call.path === '/api/v1/orders');
    expect(posts).toHaveLength(2);
    expect(posts[1]!.idempotencyKey).toBe(posts[0]!.idempotencyKey);
    expect(posts.map((call) => call.replayed)).toEqual([null, 'true']);
    expect(await ordersAtTable(tenant, '31')).toEqual([answer.body.order_id]);
  });

  it('GraphQL: a mutation retried after a lost answer creates one order', async () => {
    const tenant = await platform.tenant();
    const proxy = await lossyProxy((method, path) => method === 'POST' && path === '/graphql');
    const client = sdkClient(tenant, proxy.url);

    const { createOrder } = await client.graphql(CreateOrderDocument, {
      input: { tableId: '32', items: [{ menuItemId: 'fries_regular', quantity: 1 }] },
    });

    const posts = proxy.seen.filter((call) => call.path === '/graphql');
    expect(posts).toHaveLength(2);
    expect(posts[1]!.idempotencyKey).toBe(posts[0]!.idempotencyKey);
    expect(posts[1]!.replayed).toBe('true');
    expect(await ordersAtTable(tenant, '32')).toEqual([createOrder.id]);
  });
});

describe("the platform's own errors", () => {
  it("a 429 past the key's rate limit, its Retry-After too long to wait, is a typed error", async () => {
    const tenant = await platform.tenant({ rateLimitPerMinute: 2 });
    const client = sdkClient(tenant);
    await client.rest.get('/orders');
    await client.rest.get('/orders');
    const error = await client.rest.get('/orders').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SottoApiError);
    const apiError = error as SottoApiError;
    expect(apiError).toMatchObject({ status: 429, code: 'rate_limited' });
    expect(apiError.retryAfterSeconds).toBeGreaterThan(0);
    expect(apiError.requestId).toEqual(expect.any(String));
  });

  it('an unknown order is order_not_found through REST and GraphQL alike', async () => {
    const client = sdkClient(await platform.tenant({ menu: false }));
    await expect(client.rest.get('/orders/ord_unknown')).rejects.toMatchObject({
      status: 404,
      code: 'order_not_found',
    });
    await expect(
      client.graphql(CreateOrderDocument, {
        input: { items: [{ menuItemId: 'no_such_dish', quantity: 1 }] },
      }),
    ).rejects.toMatchObject({ code: 'unknown_menu_item' });
  });
});

describe('a subscription whose connection is cut', () => {
  it('reconnects with a fresh connection and resumes after its cursor: no event missed or repeated', async () => {
    const tenant = await platform.tenant();
    const proxy = await cuttableProxy();
    const client = sdkClient(tenant, proxy.url);
    const hub = platform.platform.gateway!.subscriptions.hub;
    const received: string[] = [];
    const resumedFrom: (string | undefined)[] = [];
    const before = hub.size;
    const subscription = client.subscribe(
      OrderCreatedDocument,
      {},
      ({ orderCreated }) => received.push(orderCreated.id),
      { onSubscribed: (after) => resumedFrom.push(after) },
    );
    await until(() => hub.size > before, 'the subscription to be registered');

    const placeOrder = async () => {
      const answer = await tenant.rest('POST', '/orders', SPEC_ORDER);
      expect(answer.status).toBe(201);
      return answer.body.order_id as string;
    };
    const first = await placeOrder();
    await until(() => received.length === 1, 'the first order');
    const cursorAfterFirst = subscription.cursor;
    expect(cursorAfterFirst).toMatch(/^\d+:\d+$/);

    proxy.cut();
    await until(() => subscription.reconnects >= 1, 'the client to notice the cut');
    const whileCut = await placeOrder();
    proxy.restore();
    await until(() => received.length === 2, 'the order placed while cut off');
    const afterwards = await placeOrder();
    await until(() => received.length === 3, 'the next order');

    expect(received).toEqual([first, whileCut, afterwards]);
    expect(resumedFrom[0]).toBeUndefined();
    expect(resumedFrom.slice(1)).toContain(cursorAfterFirst);
  });
});
