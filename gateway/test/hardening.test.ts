import net from 'node:net';
import Fastify from 'fastify';
import { getIntrospectionQuery } from 'graphql';
import { createLogger } from '../../platform/src/logger';
import {
  bootTestPlatform,
  SPEC_ORDER,
  type TestPlatform,
  type TestTenant,
} from '../../test/support/test-platform';
import { installSecurityHeaders } from '../src/http/security-headers';
import { GraphQLExecutor } from '../src/rest/graphql-executor';
import { REPLICA_SECRET, httpClient, startReplica } from './support/gateway-replica';

let platform: TestPlatform;
let sandbox: TestTenant;

beforeAll(async () => {
  platform = await bootTestPlatform({ SOTTO_INTERNAL_SECRET: REPLICA_SECRET });
  sandbox = await platform.tenant();
});
afterAll(() => platform?.stop());

const bearer = (tenant: TestTenant) => ({ authorization: `Bearer ${tenant.token}` });
const production = () =>
  platform.tenant({ environment: 'production', restaurantId: sandbox.restaurantId, menu: false });
const anonymous = (query: string, variables = {}) =>
  platform.request('POST', '/graphql', { body: { query, variables } });

describe('request bodies', () => {
  const sixMegabytes = JSON.stringify({ ...SPEC_ORDER, notes: 'a'.repeat(6 * 1024 * 1024) });

  it('a 6 MB body is a 413 payload_too_large in the envelope, on REST and on /graphql', async () => {
    for (const path of ['/api/v1/orders', '/graphql']) {
      const answer = await platform.request('POST', path, {
        raw: sixMegabytes,
        headers: { ...bearer(sandbox), 'content-type': 'application/json' },
      });
      expect(answer.status).toBe(413);
      expect(answer.body).toEqual({
        error: {
          code: 'payload_too_large',
          message: expect.any(String),
          request_id: answer.headers.get('x-request-id'),
          details: null,
        },
      });
    }
  });

  it.each([
    ['text/plain', JSON.stringify({ query: '{ orders { nodes { id } } }' })],
    [
      'application/x-www-form-urlencoded',
      'query=%7B%20orders%20%7B%20nodes%20%7B%20id%20%7D%20%7D%20%7D',
    ],
    [
      'multipart/form-data; boundary=x',
      '--x\r\nContent-Disposition: form-data; name="q"\r\n\r\n{}\r\n--x--',
    ],
  ])('a %s body is a 415 unsupported_media_type, on REST and on /graphql', async (type, raw) => {
    const rest = await platform.request('POST', '/api/v1/orders', {
      raw,
      headers: { ...bearer(sandbox), 'content-type': type },
    });
    expect(rest.status).toBe(415);
    expect(rest.body.error.code).toBe('unsupported_media_type');
    // the body a cross-site form could send never reaches GraphQL, token or not
    for (const headers of [bearer(sandbox), {}]) {
      const graphql = await platform.request('POST', '/graphql', {
        raw,
        headers: { ...headers, 'content-type': type },
      });
      expect(graphql.status).toBe(415);
      expect(Object.keys(graphql.body)).toEqual(['error']);
      expect(graphql.body.error.code).toBe('unsupported_media_type');
    }
  });
});

describe('limits on GraphQL operations', () => {
  const FULL_ORDER = `id status tableId serverId version createdAt
    items { id menuItemId name quantity unitPrice { amount cents currency } modifiers notes status
            station menuItem { id name price { amount } taxRate available } }
    subtotal { amount cents } tax { amount cents } total { amount cents currency }`;

  it("let the repository's biggest operations through", async () => {
    const created = await sandbox.graphql(
      `mutation($input: CreateOrderInput!) { createOrder(input: $input) { ${FULL_ORDER} } }`,
      {
        input: {
          items: SPEC_ORDER.items.map((item) => ({
            menuItemId: item.menu_item_id,
            quantity: item.quantity,
          })),
        },
      },
    );
    expect(created.body.errors).toBeUndefined();
    const page = await sandbox.graphql(
      `{ orders(first: 100) { nodes { ${FULL_ORDER} } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(page.body.errors).toBeUndefined();
    expect(page.body.data.orders.nodes).toHaveLength(1);
    const introspection = await sandbox.graphql(
      getIntrospectionQuery({
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
      }),
    );
    expect(introspection.body.errors).toBeUndefined();
    expect(introspection.body.data.__schema.queryType.name).toBe('Query');
    // REST's operations, the largest of which lists orders with every field
    expect((await sandbox.rest('GET', '/orders?limit=100')).status).toBe(200);
  });

  const nested = (levels: number) =>
    `{ __type(name: "Order") { fields { type ${'{ ofType '.repeat(levels)}{ name }${' }'.repeat(levels)} } } }`;
  const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: viewer { restaurantId }`).join(' ');

  it.each([
    ['depth', nested(10)],
    ['aliases', `{ ${aliases} }`],
    ['directives', `{ viewer { restaurantId ${'@include(if: true) '.repeat(21)} } }`],
    ['cost', '{ orders(first: 5000) { nodes { id items { id name } } } }'],
    ['tokens', `{ ${'__typename '.repeat(2001)} }`],
  ])('past the %s limit, a 400 QUERY_TOO_COMPLEX', async (limit, query) => {
    const answer = await sandbox.graphql(query);
    expect(answer.status).toBe(400);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors).toContainEqual(
      expect.objectContaining({
        message: expect.stringMatching(/limit|tokens/),
        extensions: { code: 'QUERY_TOO_COMPLEX', details: { limit } },
      }),
    );
  });

  it('one level under the depth limit passes', async () => {
    const answer = await sandbox.graphql(nested(8));
    expect(answer.body.errors).toBeUndefined();
  });

  it('reached through REST, a limit is a 400 query_too_complex', async () => {
    const executor = new GraphQLExecutor(platform.platform.gateway!.apollo);
    const run = executor.run({ caller: null, requestId: 'req_hardening_test' }, nested(10));
    await expect(run).rejects.toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      status: 400,
      details: { limit: 'depth' },
    });
  });
});

describe('what the schema discloses', () => {
  const INTROSPECTION = '{ __schema { types { name } } }';

  it('sandbox and staging keys may introspect', async () => {
    const staging = await platform.tenant({
      environment: 'staging',
      restaurantId: sandbox.restaurantId,
      menu: false,
    });
    for (const tenant of [sandbox, staging]) {
      const answer = await tenant.graphql(INTROSPECTION);
      expect(answer.status).toBe(200);
      expect(answer.body.data.__schema.types).toContainEqual({ name: 'OrderStatus' });
    }
  });

  it('production keys and anonymous callers get FORBIDDEN, with nothing of the schema', async () => {
    const live = await production();
    const attempts = [
      await live.graphql(INTROSPECTION),
      await live.graphql('{ __type(name: "Order") { fields { name } } }'),
      await live.graphql('{ ...Sneaky } fragment Sneaky on Query { __schema { types { name } } }'),
      await anonymous(INTROSPECTION),
    ];
    for (const answer of attempts) {
      expect(answer.status).toBe(403);
      expect(answer.body.data).toBeUndefined();
      expect(answer.body.errors).toEqual([
        { message: expect.any(String), extensions: { code: 'FORBIDDEN' } },
      ]);
      expect(answer.text).not.toMatch(/OrderStatus|MenuItem|"fields"/);
    }
    // __typename is no introspection
    expect((await live.graphql('{ __typename }')).body).toEqual({ data: { __typename: 'Query' } });
  });

  it("the gateway's query plans go to no caller, whatever NODE_ENV says", async () => {
    const created = await sandbox.rest('POST', '/orders', SPEC_ORDER);
    // @apollo/gateway answers this header with the plan (services, their operations) unless
    // NODE_ENV is `production`, and `npm start` leaves NODE_ENV unset.
    const answer = await platform.request('POST', '/graphql', {
      headers: { ...bearer(sandbox), 'apollo-query-plan-experimental': '1' },
      body: {
        query: 'query ($id: ID!) { order(id: $id) { id items { menuItem { name } } } }',
        variables: { id: created.body.order_id },
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.data.order.id).toBe(created.body.order_id);
    expect(answer.body.extensions).toBeUndefined();
    expect(answer.text).not.toMatch(/QueryPlan|Fetch\(service/);
  });

  it('"Did you mean" suggestions go to sandbox keys only', async () => {
    const typo = '{ orders { nodes { idd } } }';
    const badEnum = 'query($s: [OrderStatus!]) { orders(status: $s) { nodes { id } } }';
    const shown = await sandbox.graphql(typo);
    expect(shown.body.errors[0].message).toContain('Did you mean "id"?');
    expect((await sandbox.graphql(badEnum, { s: ['CREATD'] })).text).toContain('Did you mean');

    const live = await production();
    for (const answer of [
      await live.graphql(typo),
      await live.graphql(badEnum, { s: ['CREATD'] }),
      await anonymous(typo),
      await anonymous('{ ordrs { nodes { id } } }'),
    ]) {
      expect(answer.status).toBe(400);
      expect(answer.body.errors[0].message).toMatch(/^(Cannot query field|Variable "\$s")/);
      expect(answer.text).not.toContain('Did you mean');
      expect(answer.text).not.toMatch(/"(id|orders|CREATED)"/);
    }
  });
});

describe('HTTP hygiene', () => {
  const SECURITY_HEADERS = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
  };
  const securityHeaders = (headers: Headers) =>
    Object.fromEntries(Object.keys(SECURITY_HEADERS).map((name) => [name, headers.get(name)]));

  it('every answer carries the security headers and a request id', async () => {
    const answers = [
      await platform.request('GET', '/healthz'),
      await platform.request('GET', '/.well-known/jwks.json'),
      await sandbox.rest('GET', '/orders'),
      await sandbox.graphql('{ viewer { restaurantId } }'),
      await platform.request('GET', '/api/v1/orders'),
      await platform.request('GET', '/nowhere'),
      await platform.request('POST', '/api/v1/orders', { raw: '{', headers: bearer(sandbox) }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 401, 404, 415]);
    for (const answer of answers) {
      expect(securityHeaders(answer.headers)).toEqual(SECURITY_HEADERS);
      expect(answer.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{24}$/);
    }
    const given = await platform.request('GET', '/healthz', {
      headers: { 'x-request-id': 'pos-terminal-42.7' },
    });
    expect(given.headers.get('x-request-id')).toBe('pos-terminal-42.7');
  });

  it('what fails before routing or HTTP parsing is in the envelope too, with the headers', async () => {
    const badUrl = await sandbox.rest('GET', '/orders/ord_%');
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error).toMatchObject({
      code: 'bad_request',
      request_id: badUrl.headers.get('x-request-id'),
    });
    expect(securityHeaders(badUrl.headers)).toEqual(SECURITY_HEADERS);

    const rawAnswer = (request: string) =>
      new Promise<string>((resolve, reject) => {
        const socket = net.connect(Number(new URL(platform.url).port), '127.0.0.1', () =>
          socket.end(request),
        );
        let text = '';
        socket.on('data', (chunk) => (text += chunk));
        socket.on('close', () => resolve(text));
        socket.on('error', reject);
      });
    const cases = [
      [`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
      ['NOT HTTP AT ALL\r\n\r\n', 400],
    ] as const;
    for (const [request, status] of cases) {
      const [head, body] = (await rawAnswer(request)).split('\r\n\r\n');
      expect(head).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
      const headers = new Headers(
        head!
          .split('\r\n')
          .slice(1)
          .map((line) => line.split(': ') as [string, string]),
      );
      expect(securityHeaders(headers)).toEqual(SECURITY_HEADERS);
      expect(JSON.parse(body!).error).toMatchObject({
        code: status === 431 ? 'request_header_fields_too_large' : 'bad_request',
        request_id: headers.get('x-request-id'),
      });
    }
  });

  it('a route may set its own Content-Security-Policy (for HTML pages)', async () => {
    const app = Fastify();
    installSecurityHeaders(app);
    const page = "default-src 'self'; frame-ancestors 'none'";
    app.get('/docs', { config: { contentSecurityPolicy: page } }, async () => 'docs');
    app.get('/api', async () => ({}));
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const request = httpClient(url);
      expect((await request('GET', '/docs')).headers.get('content-security-policy')).toBe(page);
      expect((await request('GET', '/api')).headers.get('content-security-policy')).toBe(
        SECURITY_HEADERS['content-security-policy'],
      );
    } finally {
      await app.close();
    }
  });

  it('CORS: none unless SOTTO_CORS_ORIGINS names the origin', async () => {
    const fromPos = { origin: 'https://pos.example.com' };
    const closed = await sandbox.rest('GET', '/orders', undefined, fromPos);
    expect(closed.headers.get('access-control-allow-origin')).toBeNull();

    const replica = await startReplica(platform, {
      SOTTO_CORS_ORIGINS: 'https://pos.example.com, https://kds.example.com',
    });
    try {
      const allowed = await replica.request('GET', '/api/v1/orders', {
        headers: { ...bearer(sandbox), ...fromPos },
      });
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://pos.example.com');
      expect(allowed.headers.get('vary')).toMatch(/origin/i);
      expect(allowed.headers.get('access-control-expose-headers')?.split(', ')).toEqual(
        expect.arrayContaining([
          'RateLimit-Limit',
          'RateLimit-Remaining',
          'RateLimit-Reset',
          'Retry-After',
          'X-Request-Id',
          'ETag',
          'Location',
        ]),
      );
      expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();

      const unknown = await replica.request('GET', '/api/v1/orders', {
        headers: { ...bearer(sandbox), origin: 'https://evil.example.com' },
      });
      expect(unknown.headers.get('access-control-allow-origin')).toBeNull();

      for (const path of ['/api/v1/orders/ord_1/status', '/graphql']) {
        const preflight = await replica.request('OPTIONS', path, {
          headers: {
            ...fromPos,
            'access-control-request-method': 'PATCH',
            'access-control-request-headers': 'authorization, content-type, if-match',
          },
        });
        expect(preflight.status).toBe(204);
        expect(preflight.headers.get('access-control-allow-origin')).toBe(fromPos.origin);
        expect(preflight.headers.get('access-control-allow-methods')).toContain('PATCH');
        expect(preflight.headers.get('access-control-allow-headers')?.split(', ')).toEqual([
          'Authorization',
          'Content-Type',
          'If-Match',
          'If-None-Match',
          'Idempotency-Key',
          'X-Request-Id',
        ]);
        expect(preflight.headers.get('access-control-max-age')).toBe('600');
        expect(preflight.headers.get('x-content-type-options')).toBe('nosniff');
      }
    } finally {
      await replica.stop();
    }

    const open = await startReplica(platform, { SOTTO_CORS_ORIGINS: '*' });
    try {
      const answer = await open.request('GET', '/healthz', { headers: fromPos });
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
    } finally {
      await open.stop();
    }
  });

  it('no log line holds an API key, a token or an Authorization header; each has its request id', async () => {
    const lines: string[] = [];
    const logger = createLogger('gateway', 'trace', { write: (line: string) => lines.push(line) });
    const replica = await startReplica(platform, {}, logger);
    const tenant = await platform.tenant();
    lines.length = 0;
    const answers = [];
    try {
      const exchange = await replica.request('POST', '/api/v1/auth/token', {
        body: { api_key: tenant.apiKey },
      });
      expect(exchange.status).toBe(200);
      const token: string = exchange.body.access_token;
      const auth = { authorization: `Bearer ${token}` };
      answers.push(
        exchange,
        await replica.request('POST', '/api/v1/orders', { body: SPEC_ORDER, headers: auth }),
        await replica.request('POST', '/graphql', {
          body: { query: '{ orders { nodes { id } } }' },
          headers: auth,
        }),
        await replica.request('GET', `/api/v1/orders?access_token=${token}`, { headers: auth }),
        await replica.request('GET', '/api/v1/orders', {
          headers: { authorization: `Bearer ${token}x` },
        }),
        await replica.request('POST', '/api/v1/auth/token', {
          body: { api_key: `${tenant.apiKey}x` },
        }),
      );
      expect(answers.map((answer) => answer.status)).toEqual([200, 201, 200, 422, 401, 401]);
      // the response log is written once the answer has gone out
      while (lines.filter((line) => line.includes('"msg":"request"')).length < answers.length) {
        await new Promise((resolve) => setImmediate(resolve));
      }
      const log = lines.join('');
      for (const secret of [tenant.apiKey, token, token.split('.')[2]!, tenant.token]) {
        expect(log).not.toContain(secret);
      }
      expect(log.toLowerCase()).not.toContain('bearer');
      const entries = lines.map((line) => JSON.parse(line));
      expect(entries.filter((entry) => !entry.requestId)).toEqual([]);
      const requestLines = entries.filter((entry) => entry.msg === 'request');
      expect(requestLines.map((line) => line.requestId).sort()).toEqual(
        answers.map((answer) => answer.headers.get('x-request-id')).sort(),
      );
      expect(requestLines.find((line) => line.status === 201)).toMatchObject({
        keyId: tenant.keyId,
        url: '/api/v1/orders',
      });
    } finally {
      await replica.stop();
    }
  });
});
