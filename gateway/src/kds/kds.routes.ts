import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sendStaticFile as send } from '../http/static-files';

/**
 * The kitchen display: plain HTML, CSS and a script module from the project's own files, and
 * graphql-ws's browser client from node_modules' ESM build. Scripts, styles and connections
 * from this origin only; no inline script.
 */
export const KDS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const PUBLIC = path.join(__dirname, 'public');
const GRAPHQL_WS_DIST = path.dirname(require.resolve('graphql-ws'));

const PAGE_FILES = new Set(['kds.css', 'kds.js', 'favicon.svg']);
/** graphql-ws's client module and the shared chunk it imports (its name carries a hash). */
const CLIENT_FILE = /^(client|common-[A-Za-z0-9_-]+)\.js$/;

export async function kitchenDisplay(app: FastifyInstance): Promise<void> {
  const config = { auth: 'public' as const, contentSecurityPolicy: KDS_CONTENT_SECURITY_POLICY };

  app.get('/kds', { config }, (_request, reply) => send(reply, path.join(PUBLIC, 'index.html')));
  app.get<{ Params: { file: string } }>('/kds/:file', { config }, (request, reply) => {
    const { file } = request.params;
    if (!PAGE_FILES.has(file)) return reply.code(404).type('text/plain').send('Not found');
    return send(reply, path.join(PUBLIC, file));
  });
  app.get<{ Params: { file: string } }>(
    '/kds/vendor/graphql-ws/:file',
    { config },
    (request, reply) => {
      const { file } = request.params;
      if (!CLIENT_FILE.test(file)) return reply.code(404).type('text/plain').send('Not found');
      return send(reply, path.join(GRAPHQL_WS_DIST, file));
    },
  );
}
