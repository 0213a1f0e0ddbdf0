import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyReply } from 'fastify';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * A file of the project's own pages (or of a package they load), revalidated on each use;
 * 404 when it is missing. Callers pass only names they allow: never a path from the request.
 */
export async function sendStaticFile(reply: FastifyReply, file: string): Promise<FastifyReply> {
  const body = await readFile(file).catch(() => null);
  if (!body) return reply.code(404).type('text/plain').send('Not found');
  return reply
    .type(TYPES[path.extname(file)] ?? 'application/octet-stream')
    .header('cache-control', 'no-cache')
    .send(body);
}
