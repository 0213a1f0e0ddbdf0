import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sendStaticFile as send } from '../http/static-files';

/**
 * The console's Content-Security-Policy: scripts, styles and connections (HTTP and the
 * graphql-ws WebSocket) from this origin only, no inline script or style, no eval — GraphiQL
 * 3's UMD build needs none of them (the browser test fails on any violation). The one
 * difference from the kitchen display's: `font-src` and `img-src` allow `data:`, because
 * graphiql.min.css embeds its fonts and icons as `data:` URLs.
 */
export const CONSOLE_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PUBLIC = path.join(__dirname, 'public');
const PAGE_FILES = new Set(['console.css', 'console.js']);

const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
/** The browser builds GraphiQL runs on, from node_modules (no CDN). */
const VENDOR_FILES = new Map([
  ['react.production.min.js', path.join(packageDir('react'), 'umd', 'react.production.min.js')],
  [
    'react-dom.production.min.js',
    path.join(packageDir('react-dom'), 'umd', 'react-dom.production.min.js'),
  ],
  ['graphiql.min.js', path.join(packageDir('graphiql'), 'graphiql.min.js')],
  ['graphiql.min.css', path.join(packageDir('graphiql'), 'graphiql.min.css')],
]);

/**
 * `GET /console`: the developer console, GraphiQL beside the key's recent calls and the
 * webhook simulator. Public files: the page signs in by itself and sends its token to the API.
 * graphql-ws's browser client is the kitchen display's (`/kds/vendor/graphql-ws/client.js`).
 */
export async function developerConsole(app: FastifyInstance): Promise<void> {
  const config = {
    auth: 'public' as const,
    contentSecurityPolicy: CONSOLE_CONTENT_SECURITY_POLICY,
  };
  app.get('/console', { config }, (_request, reply) =>
    send(path.join(PUBLIC, 'index.html'), reply),
  );
  app.get<{ Params: { file: string } }>('/console/:file', { config }, (request, reply) => {
    const { file } = request.params;
    if (!PAGE_FILES.has(file)) return reply.code(404).type('text/plain').send('Not found');
    return send(path.join(PUBLIC, file), reply);
  });
  app.get<{ Params: { file: string } }>('/console/vendor/:file', { config }, (request, reply) => {
    const file = VENDOR_FILES.get(request.params.file);
    if (!file) return reply.code(404).type('text/plain').send('Not found');
    return send(file, reply);
  });
}
