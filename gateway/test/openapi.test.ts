import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { RequestLogStore } from '../src/request-log/request-log-store';
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';
import type { GraphQLExecutor } from '../src/rest/graphql-executor';
import { restApi } from '../src/rest/rest-api';
import { pythonLiteral } from '../src/rest/openapi/code-samples';
import { OPENAPI_PATH, openApiJson } from '../src/rest/openapi/openapi-file';
import { openApiDocument, REST_OPERATIONS } from '../src/rest/openapi/rest-operations';
import { OpenApiResponseValidator } from '../../test/support/openapi-validator';
import { bootTestPlatform, SPEC_ORDER, type TestPlatform } from '../../test/support/test-platform';

const document = openApiDocument();
const validator = new OpenApiResponseValidator(document);

type Operation = {
  operationId: string;
  requestBody?: { content: Record<string, { schema: { $ref: string }; example?: unknown }> };
  'x-codeSamples': { lang: string; label: string; source: string }[];
};
const operations = Object.entries(document.paths).flatMap(([path, item]) =>
  Object.entries(item as Record<string, Operation>).map(([method, operation]) => ({
    key: `${method.toUpperCase()} ${path}`,
    operation,
  })),
);

describe('the OpenAPI document', () => {
  it('schema/openapi.json is what `npm run openapi` makes of the routes', () => {
    expect(readFileSync(OPENAPI_PATH, 'utf8') === openApiJson()).toBe(true);
  });

  it("the SDK's REST types are what `npm run openapi` makes of that document", () => {
    // In a process of its own: openapi-typescript loads ES modules that jest cannot require.
    const run = () =>
      execFileSync(process.execPath, ['--import', 'tsx', 'bin/openapi.ts', '--check'], {
        cwd: path.resolve(__dirname, '../..'),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    expect(run).not.toThrow();
  });

  it('describes every route of the REST layer, and no other', async () => {
    const app = Fastify();
    const routes: string[] = [];
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD') routes.push(`${method} ${route.url}`);
      }
    });
    const executor = { run: async () => ({}) } as unknown as GraphQLExecutor;
    const requestLog = {} as unknown as RequestLogStore;
    await app.register(restApi, { prefix: '/api/v1', executor, requestLog });
    await app.ready();
    const described = REST_OPERATIONS.map(
      (operation) =>
        `${operation.method.toUpperCase()} /api/v1${operation.path.replace(/\{(\w+)\}/g, ':$1')}`,
    );
    expect([...described].sort()).toEqual([...routes].sort());
    await app.close();
  });

  it('every example matches its schema', () => {
    const schemas = document.components.schemas as Record<string, { examples?: unknown[] }>;
    const checked: string[] = [];
    for (const [name, schema] of Object.entries(schemas)) {
      for (const example of schema.examples ?? []) {
        expect({ name, problems: validator.schemaProblems(name, example) }).toEqual({
          name,
          problems: [],
        });
        checked.push(name);
      }
    }
    for (const { key, operation } of operations) {
      const media = operation.requestBody?.content['application/json'];
      if (media?.example === undefined) continue;
      const name = media.schema.$ref.split('/').pop()!;
      expect({ key, problems: validator.schemaProblems(name, media.example) }).toEqual({
        key,
        problems: [],
      });
      checked.push(key);
    }
    expect(checked).toEqual(expect.arrayContaining(['Order', 'POST /api/v1/orders']));
  });

  it("carries the spec's order example, request and answer", () => {
    const create = operations.find(({ key }) => key === 'POST /api/v1/orders')!.operation;
    expect(create.requestBody!.content['application/json']!.example).toEqual(SPEC_ORDER);
    const order = (document.components.schemas as Record<string, { examples: any[] }>).Order!;
    expect(order.examples[0]).toMatchObject({ subtotal: 17, tax: 1.7, total: 18.7 });
  });

  it('gives every operation curl, JavaScript and Python samples built from its example', () => {
    for (const { operation } of operations) {
      expect(operation['x-codeSamples'].map((sample) => sample.label)).toEqual([
        'curl',
        'JavaScript (fetch)',
        'Python (requests)',
      ]);
    }
    const create = operations.find(({ key }) => key === 'POST /api/v1/orders')!.operation;
    const [curl, js, python] = create['x-codeSamples'].map((sample) => sample.source);
    expect(curl).toContain(`curl -X POST 'http://localhost:4000/api/v1/orders'`);
    expect(curl).toContain('Authorization: Bearer $SOTTO_TOKEN');
    expect(curl).toContain(`"notes": "Sauce à part"`);
    expect(js).toContain("method: 'POST'");
    expect(js).toContain('"menu_item_id": "burger_1"');
    expect(python).toContain('requests.post(');
    const token = operations.find(({ key }) => key === 'POST /api/v1/auth/token')!.operation;
    expect(token['x-codeSamples'][0]!.source).not.toContain('Authorization');
  });

  it('writes JSON values as Python literals', () => {
    expect(pythonLiteral({ a: [true, null, 1.5], b: 'x' })).toBe(
      '{\n    "a": [\n        True,\n        None,\n        1.5,\n    ],\n    "b": "x",\n}',
    );
  });
});

describe('response validation', () => {
  const answer = {
    method: 'GET',
    url: '/api/v1/orders/ord_1',
    status: 404,
    contentType: 'application/json; charset=utf-8',
    body: { error: { code: 'order_not_found', message: 'x', request_id: 'r', details: null } },
  };

  it('accepts an answer the document describes', () => {
    expect(validator.problems(answer)).toEqual([]);
  });

  it('refuses a status the operation does not list', () => {
    expect(validator.problems({ ...answer, status: 418 })).toEqual([
      expect.stringContaining('status 418 is not listed'),
    ]);
  });

  it("refuses a body that does not match the status's schema", () => {
    const problems = validator.problems({ ...answer, body: { error: { code: 'x' } } });
    expect(problems).toEqual(
      expect.arrayContaining([expect.stringContaining("must have required property 'message'")]),
    );
    expect(() => validator.check({ ...answer, body: {} })).toThrow(
      /operation getOrder, GET \/api\/v1\/orders\/\{id\}, status 404/,
    );
  });

  it('refuses an answer field the document does not know', () => {
    const order = (document.components.schemas as Record<string, { examples: any[] }>).Order!
      .examples[0];
    const ok = { ...answer, status: 200, body: order };
    expect(validator.problems(ok)).toEqual([]);
    expect(validator.problems({ ...ok, body: { ...order, surprise: 1 } })).toEqual([
      expect.stringContaining('must NOT have additional properties'),
    ]);
  });
});

describe('GET /api/v1/openapi.json', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    platform = await bootTestPlatform();
  });
  afterAll(async () => {
    await platform?.stop();
  });

  it('serves the document to anyone, cacheable for five minutes', async () => {
    const answer = await platform.request('GET', '/api/v1/openapi.json');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('public, max-age=300');
    expect(answer.body).toEqual(JSON.parse(openApiJson()));
  });
});
