import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pageContentSecurityPolicy, serveStaticPage } from '../http/static-files';

/**
 * `/docs`: the REST reference, Swagger UI rendering `/api/v1/openapi.json`. Swagger UI comes
 * from node_modules (swagger-ui-dist), the page and its start-up script from this folder: no
 * CDN, no inline script or style. `data:` images are Swagger UI's own icons in its stylesheet.
 */
export const DOCS_CONTENT_SECURITY_POLICY = pageContentSecurityPolicy(['img']);

const PUBLIC = path.join(__dirname, 'public');
const SWAGGER_UI_DIST = path.dirname(require.resolve('swagger-ui-dist/package.json'));

const PAGE_FILES = new Set(['docs.js', 'docs.css']);
const SWAGGER_UI_FILES = new Set(['swagger-ui-bundle.js', 'swagger-ui.css', 'favicon-32x32.png']);

export async function restDocumentation(app: FastifyInstance): Promise<void> {
  serveStaticPage(app, {
    route: '/docs',
    publicDir: PUBLIC,
    files: PAGE_FILES,
    vendor: {
      route: '/docs/vendor/swagger-ui',
      fileOf: (name) => (SWAGGER_UI_FILES.has(name) ? path.join(SWAGGER_UI_DIST, name) : null),
    },
    contentSecurityPolicy: DOCS_CONTENT_SECURITY_POLICY,
  });
}
