import type { FastifyInstance } from 'fastify';

/** The REST layer's major version: the `/api/v1` prefix. */
export const API_VERSION = 'v1';
export const API_PREFIX = `/api/${API_VERSION}`;
export const API_VERSION_HEADER = 'sotto-api-version';

/** `v2` for `/api/v2/orders`; null off the versioned API. */
export function apiVersionOf(url: string): string | null {
  return /^\/api\/(v\d+)(?:[/?]|$)/.exec(url)?.[1] ?? null;
}

/** Every answer under `/api/v1` (errors and 404s included) says which version served it. */
export function installApiVersionHeader(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (apiVersionOf(request.url) === API_VERSION) reply.header(API_VERSION_HEADER, API_VERSION);
    return payload;
  });
}
