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
 * Sends one of the project's own files (a page, or a library's browser build from
 * node_modules), revalidated on each load; a 404 when it is missing. Routes choose `file` from
 * a fixed list, never from the raw URL.
 */
export async function sendStaticFile(file: string, reply: FastifyReply) {
  const body = await readFile(file).catch(() => null);
  if (!body) return reply.code(404).type('text/plain').send('Not found');
  return reply
    .type(TYPES[path.extname(file)] ?? 'application/octet-stream')
    .header('cache-control', 'no-cache')
    .send(body);
}
