import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { RestError } from './error-envelope';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

const noSuchFile = () => new RestError('NOT_FOUND', 'No such file');

/**
 * Sends one of the project's own files (a page, or a library's browser build from
 * node_modules), revalidated on each load; a 404 in the envelope when it is missing. Routes
 * choose `file` from a fixed list, never from the raw URL.
 */
export async function sendStaticFile(file: string, reply: FastifyReply) {
  const body = await readFile(file).catch(() => null);
  if (!body) throw noSuchFile();
  return reply
    .type(TYPES[path.extname(file)] ?? 'application/octet-stream')
    .header('cache-control', 'no-cache')
    .send(body);
}

/**
 * A page's Content-Security-Policy: scripts, styles and connections (HTTP and WebSocket) from
 * this origin only, no inline script or style, no eval; `dataUrls` names the directives that
 * also take `data:` (icons and fonts a library's stylesheet embeds).
 */
export function pageContentSecurityPolicy(dataUrls: ('img' | 'font')[] = []): string {
  const source = (kind: 'img' | 'font') => `'self'${dataUrls.includes(kind) ? ' data:' : ''}`;
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    ...(dataUrls.includes('font') ? [`font-src ${source('font')}`] : []),
    `img-src ${source('img')}`,
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export interface StaticPage {
  /** Where the page is served (`/kds`); its own files under `<route>/<file>`. */
  route: string;
  /** The folder of its `index.html` and own files. */
  publicDir: string;
  /** Its own files besides `index.html`. */
  files: ReadonlySet<string>;
  /** A library's browser files, at `<vendor.route>/<name>`: the file for a name, or null. */
  vendor: { route: string; fileOf: (name: string) => string | null };
  contentSecurityPolicy: string;
}

/**
 * A page of the gateway's own (the kitchen display, the docs, the console): public, since the
 * page signs in by itself; each file from a fixed list, anything else a 404.
 */
export function serveStaticPage(app: FastifyInstance, page: StaticPage): void {
  const config = { auth: 'public' as const, contentSecurityPolicy: page.contentSecurityPolicy };
  app.get(page.route, { config }, (_request, reply) =>
    sendStaticFile(path.join(page.publicDir, 'index.html'), reply),
  );
  app.get<{ Params: { file: string } }>(`${page.route}/:file`, { config }, (request, reply) => {
    const { file } = request.params;
    if (!page.files.has(file)) throw noSuchFile();
    return sendStaticFile(path.join(page.publicDir, file), reply);
  });
  app.get<{ Params: { file: string } }>(
    `${page.vendor.route}/:file`,
    { config },
    (request, reply) => {
      const file = page.vendor.fileOf(request.params.file);
      if (!file) throw noSuchFile();
      return sendStaticFile(file, reply);
    },
  );
}
