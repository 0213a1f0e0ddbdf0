import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pageContentSecurityPolicy, serveStaticPage } from '../http/static-files';

/**
 * The console's Content-Security-Policy: scripts, styles and connections (HTTP and the
 * graphql-ws WebSocket) from this origin only, no inline script or style, no eval — GraphiQL
 * 3's UMD build needs none of them (the browser test fails on any violation). The one
 * difference from the kitchen display's: `font-src` and `img-src` allow `data:`, because
 * graphiql.min.css embeds its fonts and icons as `data:` URLs.
 */
export const CONSOLE_CONTENT_SECURITY_POLICY = pageContentSecurityPolicy(['font', 'img']);

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
  serveStaticPage(app, {
    route: '/console',
    publicDir: PUBLIC,
    files: PAGE_FILES,
    vendor: { route: '/console/vendor', fileOf: (name) => VENDOR_FILES.get(name) ?? null },
    contentSecurityPolicy: CONSOLE_CONTENT_SECURITY_POLICY,
  });
}
