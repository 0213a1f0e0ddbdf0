import { z } from 'zod';
import { API_PREFIX } from '../../http/api-version';
import { codeSamples } from './code-samples';
import { ErrorEnvelopeJson } from './error-schema';
import {
  requestSchemas,
  responseSchemas,
  TAGS,
  type ResponseHeader,
  type RestOperation,
} from './rest-operation';

/** The error statuses of the contract, each a shared response in the document. */
const ERROR_RESPONSES: Record<number, [name: string, description: string]> = {
  400: ['BadRequest', 'Malformed JSON, a bad `If-Match` or `Idempotency-Key` header, or URL'],
  401: ['Unauthorized', 'Missing, expired or invalid access token'],
  403: ['Forbidden', "The key's role or scopes do not allow this"],
  404: ['NotFound', "Unknown object, or another restaurant's or environment's"],
  409: ['Conflict', 'Illegal state change, or a request with this `Idempotency-Key` still running'],
  412: ['PreconditionFailed', 'Stale version: `If-Match` is not the current ETag'],
  413: ['PayloadTooLarge', 'The body is over the limit (5 MB by default)'],
  415: ['UnsupportedMediaType', 'The body is not `application/json`'],
  422: ['UnprocessableContent', 'An invalid field, or a rule of the domain refused the request'],
  429: ['TooManyRequests', 'Over a rate limit or the concurrent requests of the key'],
  500: ['InternalServerError', 'An unexpected error'],
  502: ['BadGateway', "A booking platform's API, which the notification is read from, failed"],
  503: ['ServiceUnavailable', 'A service the operation needs is down'],
};

/** What an operation can answer besides its successes, from its shape and its own list. */
export function errorStatuses(operation: RestOperation): number[] {
  const statuses = new Set([400, 429, 500, 503, ...(operation.errors ?? [])]);
  if (operation.access !== 'public') [401, 403].forEach((status) => statuses.add(status));
  if (operation.body) [413, 415, 422].forEach((status) => statuses.add(status));
  if (operation.query) statuses.add(422);
  // A path id: unknown (404), or text the database cannot store (422).
  if (operation.params) [404, 422].forEach((status) => statuses.add(status));
  if (operation.method !== 'get' && operation.access !== 'public') {
    // Idempotency: a retry while the first request runs (409), a key reused for another (422).
    [409, 422].forEach((status) => statuses.add(status));
  }
  if (operation.ifMatch) statuses.add(412);
  return [...statuses].sort((a, b) => a - b);
}

const HEADERS: Record<ResponseHeader | 'Retry-After', { description: string; schema: object }> = {
  ETag: { description: 'The representation\'s validator (`"3"`: the version)', schema: str() },
  Location: { description: 'The URL of the created resource', schema: str() },
  Link: { description: 'The next page: `<…?cursor=…>; rel="next"`', schema: str() },
  'Cache-Control': { description: 'How long the answer may be reused', schema: str() },
  'Last-Modified': { description: 'When the resource last changed', schema: str() },
  'Retry-After': { description: 'Seconds to wait before trying again', schema: int() },
};

function str() {
  return { type: 'string' };
}
function int() {
  return { type: 'integer' };
}

const ref = (kind: string, name: string) => ({ $ref: `#/components/${kind}/${name}` });

/** Every named schema as JSON Schema 2020-12, requests read as input and answers as output. */
function componentSchemas(): Record<string, object> {
  const uri = (id: string) => `#/components/schemas/${id}`;
  const options = { uri, unrepresentable: 'any' as const };
  const requests = z.toJSONSchema(requestSchemas, { ...options, io: 'input' }).schemas;
  const responses = z.toJSONSchema(responseSchemas, { ...options, io: 'output' }).schemas;
  const schemas: Record<string, object> = {};
  for (const [id, schema] of [...Object.entries(requests), ...Object.entries(responses)]) {
    if (id in schemas) throw new Error(`two schemas are named ${id} in the OpenAPI document`);
    const { $schema: _dialect, $id: _id, ...rest } = schema as Record<string, unknown>;
    schemas[id] = rest;
  }
  return Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
}

function schemaRef(registry: typeof requestSchemas, schema: z.ZodType, where: string) {
  const id = registry.get(schema)?.id;
  if (!id) throw new Error(`${where}: its schema is not registered with a name`);
  return ref('schemas', id);
}

/** A zod object's fields as OpenAPI parameters `in` the path or the query. */
function parameters(schema: z.ZodObject | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  return Object.entries(json.properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function operationObject(operation: RestOperation) {
  const where = `${operation.method.toUpperCase()} ${operation.path}`;
  const responses: Record<string, object> = {};
  for (const [status, response] of Object.entries(operation.responses)) {
    const headers = Object.fromEntries(
      (response.headers ?? []).map((name) => [name, ref('headers', name.replace('-', ''))]),
    );
    const content = response.contentType
      ? { [response.contentType]: { schema: { type: 'string' } } }
      : response.schema
        ? { 'application/json': { schema: schemaRef(responseSchemas, response.schema, where) } }
        : undefined;
    responses[status] = {
      description: response.description,
      ...(Object.keys(headers).length ? { headers } : {}),
      ...(content ? { content } : {}),
    };
  }
  if (operation.method === 'get') {
    responses[304] = { description: 'Not modified: `If-None-Match` names the current ETag' };
  }
  for (const status of errorStatuses(operation)) {
    responses[status] = ref('responses', ERROR_RESPONSES[status]![0]);
  }
  const requestBody = operation.body && {
    required: operation.bodyRequired ?? true,
    content: {
      'application/json': {
        schema: schemaRef(requestSchemas, operation.body, where),
        ...(operation.example?.body === undefined ? {} : { example: operation.example.body }),
      },
    },
  };
  const params = [
    ...parameters(operation.params, 'path'),
    ...parameters(operation.query, 'query'),
    ...(operation.ifMatch ? [ref('parameters', 'IfMatch')] : []),
    ...(operation.method === 'post' && operation.access !== 'public'
      ? [ref('parameters', 'IdempotencyKey')]
      : []),
  ];
  return {
    operationId: operation.operationId,
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    tags: [operation.tag],
    ...(operation.access === 'public' ? { security: [] } : {}),
    ...(params.length ? { parameters: params } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: Object.fromEntries(
      Object.entries(responses).sort(([a], [b]) => Number(a) - Number(b)),
    ),
    'x-codeSamples': codeSamples(operation),
  };
}

/**
 * The OpenAPI 3.1 description of the REST layer, generated from the operations each routes
 * file declares with the zod schemas its handlers validate requests with.
 */
export function buildOpenApiDocument(operations: readonly RestOperation[]) {
  const paths: Record<string, Record<string, object>> = {};
  for (const operation of operations) {
    // Whole paths, as the spec writes them (`POST /api/v1/orders`).
    const item = (paths[`${API_PREFIX}${operation.path}`] ??= {});
    if (item[operation.method]) {
      throw new Error(`${operation.method.toUpperCase()} ${operation.path} is declared twice`);
    }
    item[operation.method] = operationObject(operation);
  }
  const used = new Set(operations.flatMap(errorStatuses));
  return {
    openapi: '3.1.1',
    info: {
      title: 'Sotto REST API',
      version: '1.0.0',
      summary: "A restaurant's live state: orders, payments, reservations, stock, webhooks.",
      description: [
        'The REST compatibility layer of the Sotto integration platform: the endpoints and JSON of',
        'the Sotto API specification. Exchange an API key for an access token with',
        '`POST /api/v1/auth/token`, then send it as `Authorization: Bearer <token>`. Amounts are',
        'decimals with two digits (`12.50`); identifiers are prefixed (`ord_…`, `pay_…`). Every',
        'error has the same envelope. A POST may carry an `Idempotency-Key` header; a change to',
        'an order or a reservation may carry `If-Match` with its ETag.',
      ].join(' '),
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
      contact: { name: 'Sotto' },
    },
    servers: [{ url: '/', description: 'The server that serves this document' }],
    security: [{ bearerAuth: [] }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b))),
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'An access token from `POST /api/v1/auth/token` (ES256 JWT)',
        },
      },
      schemas: componentSchemas(),
      parameters: {
        IfMatch: {
          name: 'If-Match',
          in: 'header',
          required: false,
          description: 'The ETag of the version the change applies to (`"3"`); 412 when stale',
          schema: { type: 'string' },
        },
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description: 'Replays the first answer to a retry with the same key for 24 hours',
          schema: { type: 'string', minLength: 1, maxLength: 255 },
        },
      },
      headers: Object.fromEntries(
        Object.entries(HEADERS).map(([name, header]) => [name.replace('-', ''), header]),
      ),
      responses: Object.fromEntries(
        Object.entries(ERROR_RESPONSES)
          .filter(([status]) => used.has(Number(status)))
          .map(([status, [name, description]]) => [
            name,
            {
              description,
              ...(status === '429'
                ? { headers: { 'Retry-After': ref('headers', 'RetryAfter') } }
                : {}),
              content: {
                'application/json': { schema: schemaRef(responseSchemas, ErrorEnvelopeJson, name) },
              },
            },
          ]),
      ),
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
