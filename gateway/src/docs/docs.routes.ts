import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sendStaticFile as send } from '../http/static-files';

/**
 * `/docs`: the REST reference, Swagger UI rendering `/api/v1/openapi.json`. Swagger UI comes
 * from node_modules (swagger-ui-dist), the page and its start-up script from this folder: no
 * CDN, no inline script or style. `data:` images are Swagger UI's own icons in its stylesheet.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PUBLIC = path.join(__dirname, 'public');
const SWAGGER_UI_DIST = path.dirname(require.resolve('swagger-ui-dist/package.json'));

const PAGE_FILES = new Set(['docs.js', 'docs.css']);
const SWAGGER_UI_FILES = new Set(['swagger-ui-bundle.js', 'swagger-ui.css', 'favicon-32x32.png']);

export async function restDocumentation(app: FastifyInstance): Promise<void> {
  const config = { auth: 'public' as const, contentSecurityPolicy: DOCS_CONTENT_SECURITY_POLICY };

  app.get('/docs', { config }, (_request, reply) => send(path.join(PUBLIC, 'index.html'), reply));
  app.get<{ Params: { file: string } }>('/docs/:file', { config }, (request, reply) => {
    const { file } = request.params;
    if (!PAGE_FILES.has(file)) return reply.code(404).type('text/plain').send('Not found');
    return send(path.join(PUBLIC, file), reply);
  });
  app.get<{ Params: { file: string } }>(
    '/docs/vendor/swagger-ui/:file',
    { config },
    (request, reply) => {
      const { file } = request.params;
      if (!SWAGGER_UI_FILES.has(file)) return reply.code(404).type('text/plain').send('Not found');
      return send(path.join(SWAGGER_UI_DIST, file), reply);
    },
  );
}
