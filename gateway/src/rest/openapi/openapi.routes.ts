import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { responseSchema, type RestOperation } from './rest-operation';

/** Public and static: clients, `/docs` and generators may keep it five minutes. */
const CACHE_CONTROL = 'public, max-age=300';

const DocumentJson = responseSchema(
  'OpenApiDocument',
  z.record(z.string(), z.unknown()).meta({ description: 'An OpenAPI 3.1 document' }),
);

export const OPENAPI_OPERATIONS: RestOperation[] = [
  {
    method: 'get',
    path: '/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This OpenAPI 3.1 document',
    description: 'Rendered at `/docs`; generate a client from it with openapi-generator.',
    tag: 'Documentation',
    access: 'public',
    responses: {
      200: { description: 'The document', schema: DocumentJson, headers: ['Cache-Control'] },
    },
  },
];

/** `GET /openapi.json`: the document, without an access token. */
export function openApiRoutes(app: FastifyInstance, document: () => object) {
  app.get('/openapi.json', { config: { auth: 'public' } }, async (_request, reply) =>
    reply.header('cache-control', CACHE_CONTROL).send(document()),
  );
}
