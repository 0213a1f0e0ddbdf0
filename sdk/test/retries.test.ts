import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { SottoApiError, SottoClient } from '../src';

/**
 * The SDK's transport against a local HTTP server that fails on purpose (rate limits, a part
 * down, dropped connections, refused tokens): the failures a real network gives, on demand.
 */
interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

type Answer =
  { status: number; body?: unknown; headers?: Record<string, string> } | 'drop-connection';

class FlakyServer {
  readonly received: Received[] = [];
  /** Answers to give, in order, to calls other than the token exchange; then 200 `{ok: true}`. */
  readonly script: Answer[] = [];
  tokenLifetimeSeconds = 900;
  tokensIssued = 0;
  private server!: Server;

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get calls(): Received[] {
    return this.received.filter((call) => call.path !== '/api/v1/auth/token');
  }

  async start(): Promise<void> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse) {
    let text = '';
    for await (const chunk of request) text += chunk;
    const call = {
      method: request.method!,
      path: request.url!,
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    this.received.push(call);
    if (call.path === '/api/v1/auth/token') {
      this.tokensIssued += 1;
      return send(response, 200, {
        access_token: `token_${this.tokensIssued}`,
        token_type: 'Bearer',
        expires_in: this.tokenLifetimeSeconds,
      });
    }
    const answer = this.script.shift() ?? { status: 200, body: { ok: true } };
    if (answer === 'drop-connection') return request.socket.destroy();
    send(response, answer.status, answer.body ?? {}, answer.headers);
  }
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

const envelope = (code: string, message = code, details: unknown = null) => ({
  error: { code, message, request_id: `req_${code}`, details },
});

let server: FlakyServer;
let client: SottoClient;

beforeEach(async () => {
  server = new FlakyServer();
  await server.start();
  client = new SottoClient({
    baseUrl: server.url,
    apiKey: 'sk_sandbox_test_key_0123456789',
    retry: { maxAttempts: 4, baseDelayMs: 1, maxDelayMs: 2000 },
  });
});

afterEach(async () => {
  await client.close();
  await server.stop();
});

describe('retries of transient failures', () => {
  it('retries a POST after a 429 (honouring Retry-After) and a 503, with one idempotency key', async () => {
    server.script.push(
      { status: 429, body: envelope('rate_limited'), headers: { 'retry-after': '1' } },
      { status: 503, body: envelope('service_unavailable') },
      { status: 201, body: { order_id: 'ord_1' } },
    );
    await expect(client.rest.post('/orders', { table_id: '12' })).resolves.toEqual({
      order_id: 'ord_1',
    });
    const keys = server.calls.map((call) => call.headers['idempotency-key']);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(server.calls.map((call) => call.body)).toEqual(Array(3).fill({ table_id: '12' }));
  });

  it('retries after the connection drops, with the same key on PUT, PATCH and DELETE too', async () => {
    for (const method of ['put', 'patch', 'delete'] as const) {
      server.received.length = 0;
      server.script.push('drop-connection', { status: 200, body: { method } });
      const answer =
        method === 'delete'
          ? await client.rest.delete('/webhooks/whk_1')
          : await client.rest[method]('/orders/ord_1', { notes: 'x' });
      expect(answer).toEqual({ method });
      const keys = server.calls.map((call) => call.headers['idempotency-key']);
      expect(keys).toHaveLength(2);
      expect(keys[0]).toBeDefined();
      expect(keys[1]).toBe(keys[0]);
    }
  });

  it('gives each call its own key, and sends none on GET', async () => {
    await client.rest.post('/orders', {});
    await client.rest.post('/orders', {});
    await client.rest.get('/orders', { query: { status: ['created', 'served'] } });
    const [first, second, read] = server.calls;
    expect(first!.headers['idempotency-key']).not.toBe(second!.headers['idempotency-key']);
    expect(read!.headers['idempotency-key']).toBeUndefined();
    expect(read!.path).toBe('/api/v1/orders?status=created&status=served');
  });

  it('gives up after maxAttempts with the last envelope as a SottoApiError', async () => {
    server.script.push(
      ...Array(4).fill({ status: 503, body: envelope('service_unavailable', 'down', { s: 1 }) }),
    );
    const error = await client.rest.get('/orders').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SottoApiError);
    expect(error).toMatchObject({
      status: 503,
      code: 'service_unavailable',
      message: 'down',
      requestId: 'req_service_unavailable',
      details: { s: 1 },
    });
    expect(server.calls).toHaveLength(4);
  });

  it('does not wait for a Retry-After longer than maxDelayMs: it reports it', async () => {
    server.script.push({
      status: 429,
      body: envelope('rate_limited'),
      headers: { 'retry-after': '120' },
    });
    const error = await client.rest.post('/orders', {}).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', retryAfterSeconds: 120 });
    expect(server.calls).toHaveLength(1);
  });

  it('does not retry a client error', async () => {
    server.script.push({
      status: 422,
      body: envelope('invalid_field', 'bad', [{ field: 'items' }]),
    });
    const error = await client.rest.post('/orders', {}).catch((caught: unknown) => caught);
    expect(error).toMatchObject({
      status: 422,
      code: 'invalid_field',
      details: [{ field: 'items' }],
    });
    expect(server.calls).toHaveLength(1);
  });
});

describe('the access token', () => {
  it('is exchanged once and reused while it is fresh', async () => {
    await client.rest.get('/orders');
    await client.rest.get('/orders');
    expect(server.tokensIssued).toBe(1);
    const exchange = server.received[0]!;
    expect(exchange).toMatchObject({
      method: 'POST',
      path: '/api/v1/auth/token',
      body: { api_key: 'sk_sandbox_test_key_0123456789' },
    });
    expect(server.calls.map((call) => call.headers.authorization)).toEqual([
      'Bearer token_1',
      'Bearer token_1',
    ]);
  });

  it('is exchanged again before it expires', async () => {
    server.tokenLifetimeSeconds = 0;
    await client.rest.get('/orders');
    await client.rest.get('/orders');
    expect(server.calls.map((call) => call.headers.authorization)).toEqual([
      'Bearer token_1',
      'Bearer token_2',
    ]);
  });

  it('is exchanged again once after a 401, and the call retried with the new one', async () => {
    server.script.push({ status: 401, body: envelope('unauthorized') });
    await expect(client.rest.post('/orders', {})).resolves.toEqual({ ok: true });
    expect(server.calls.map((call) => call.headers.authorization)).toEqual([
      'Bearer token_1',
      'Bearer token_2',
    ]);
    const keys = server.calls.map((call) => call.headers['idempotency-key']);
    expect(keys[1]).toBe(keys[0]);
  });

  it('gives up on a second 401', async () => {
    server.script.push(
      { status: 401, body: envelope('unauthorized') },
      { status: 401, body: envelope('unauthorized') },
    );
    await expect(client.rest.get('/orders')).rejects.toMatchObject({
      status: 401,
      code: 'unauthorized',
    });
    expect(server.calls).toHaveLength(2);
  });
});

describe('GraphQL over the transport', () => {
  const CREATE = parse(
    'mutation Create { createOrder(input: {items: []}) { id } }',
  ) as TypedDocumentNode<{ createOrder: { id: string } }, Record<string, never>>;
  const READ = parse('query Read { orders { nodes { id } } }') as TypedDocumentNode<
    { orders: { nodes: { id: string }[] } },
    Record<string, never>
  >;

  it('retries a mutation whose answer says a service is unavailable, with one key', async () => {
    server.script.push(
      {
        status: 200,
        body: {
          errors: [{ message: 'orders down', extensions: { code: 'SERVICE_UNAVAILABLE' } }],
          data: null,
        },
      },
      { status: 200, body: { data: { createOrder: { id: 'ord_1' } } } },
    );
    await expect(client.graphql(CREATE)).resolves.toEqual({ createOrder: { id: 'ord_1' } });
    const keys = server.calls.map((call) => call.headers['idempotency-key']);
    expect(keys).toHaveLength(2);
    expect(keys[0]).toBeDefined();
    expect(keys[1]).toBe(keys[0]);
    expect(server.calls[0]!.body).toMatchObject({ operationName: 'Create', variables: {} });
  });

  it('sends a query without an idempotency key and throws its errors as SottoApiError', async () => {
    server.script.push({
      status: 200,
      body: {
        errors: [
          {
            message: 'You may not do that',
            extensions: { code: 'FORBIDDEN', details: { permission: 'orders:read' } },
          },
        ],
        data: null,
      },
      headers: { 'x-request-id': 'req_42' },
    });
    const error = await client.graphql(READ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SottoApiError);
    expect(error).toMatchObject({
      code: 'forbidden',
      message: 'You may not do that',
      requestId: 'req_42',
      details: { permission: 'orders:read' },
    });
    expect(server.calls[0]!.headers['idempotency-key']).toBeUndefined();
    expect(server.calls).toHaveLength(1);
  });
});
