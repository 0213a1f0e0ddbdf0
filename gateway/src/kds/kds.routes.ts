import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pageContentSecurityPolicy, serveStaticPage } from '../http/static-files';

/**
 * The kitchen display: plain HTML, CSS and a script module from the project's own files, and
 * graphql-ws's browser client from node_modules' ESM build. Scripts, styles and connections
 * from this origin only; no inline script.
 */
export const KDS_CONTENT_SECURITY_POLICY = pageContentSecurityPolicy();

const PUBLIC = path.join(__dirname, 'public');
const GRAPHQL_WS_DIST = path.dirname(require.resolve('graphql-ws'));

const PAGE_FILES = new Set(['kds.css', 'kds.js', 'access-token.js', 'favicon.svg']);
/**
 * graphql-ws's client module and the shared chunk it imports (its name carries a hash), at
 * `/kds/vendor/graphql-ws/client.js`: the developer console imports it from there too.
 */
const CLIENT_FILE = /^(client|common-[A-Za-z0-9_-]+)\.js$/;

export async function kitchenDisplay(app: FastifyInstance): Promise<void> {
  serveStaticPage(app, {
    route: '/kds',
    publicDir: PUBLIC,
    files: PAGE_FILES,
    vendor: {
      route: '/kds/vendor/graphql-ws',
      fileOf: (name) => (CLIENT_FILE.test(name) ? path.join(GRAPHQL_WS_DIST, name) : null),
    },
    contentSecurityPolicy: KDS_CONTENT_SECURITY_POLICY,
  });
}
