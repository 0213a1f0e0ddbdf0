import fastifyCors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';

/** What a browser client may send beyond the safelisted headers. */
export const CORS_ALLOWED_HEADERS = [
  'Authorization',
  'Content-Type',
  'If-Match',
  'If-None-Match',
  'Idempotency-Key',
  'X-Request-Id',
];

/** What a browser client may read beyond the safelisted headers. */
export const CORS_EXPOSED_HEADERS = [
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'RateLimit-Policy',
  'Retry-After',
  'X-Request-Id',
  'ETag',
  'Location',
  'Last-Modified',
  'Link',
  'Idempotent-Replayed',
  'Sotto-API-Version',
];

/**
 * Cross-origin access for the origins of SOTTO_CORS_ORIGINS; none when it is unset, any with
 * `*` only. Tokens travel in `Authorization`, never in cookies, so credentials stay off.
 * Preflights are answered in the first hook, before authentication and limits.
 */
export async function installCors(app: FastifyInstance, origins: string[]): Promise<void> {
  if (origins.length === 0) return;
  await app.register(fastifyCors, {
    origin: origins.includes('*') ? '*' : origins,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: CORS_ALLOWED_HEADERS,
    exposedHeaders: CORS_EXPOSED_HEADERS,
    credentials: false,
    maxAge: 600,
    // A bare OPTIONS is answered like a preflight instead of a text/plain 400 off the envelope.
    strictPreflight: false,
  });
}
