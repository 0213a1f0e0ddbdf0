import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RestError } from './error-envelope';
import { addVary } from './vary';

/**
 * How a successful GET may be cached:
 * - `private` (the default): live tenant data, `private, no-cache` — kept by the client only,
 *   revalidated (cheaply, with the ETag) before each use;
 * - `short`: data that changes seldom (the menu, payment methods), `private, max-age=60`;
 * - `no-store`: credentials and anything that must not be kept at all.
 */
export type CachePolicy = 'private' | 'short' | 'no-store';

declare module 'fastify' {
  interface FastifyContextConfig {
    cache?: CachePolicy;
    /**
     * The validator a GET answer gets when its route sets no `ETag`: `weak` (the default, for
     * collections and computed views) or `strong` (a single resource without a version number),
     * both from a hash of the representation.
     */
    etag?: 'strong' | 'weak';
    /**
     * The route's PUT/PATCH checks `If-Match` against the resource's version itself (atomically,
     * in the write). Other PUT/PATCH routes refuse `If-Match` instead of ignoring it.
     */
    ifMatch?: boolean;
  }
}

export const SHORT_MAX_AGE_SECONDS = 60;

const CACHE_CONTROL: Record<CachePolicy, string> = {
  private: 'private, no-cache',
  short: `private, max-age=${SHORT_MAX_AGE_SECONDS}`,
  'no-store': 'no-store',
};

/** Strong validators of a single resource: its version as the ETag, and its last change. */
export function setValidators(
  reply: FastifyReply,
  resource: { version?: number; updatedAt?: string | null },
): FastifyReply {
  if (resource.version !== undefined) reply.header('etag', `"${resource.version}"`);
  if (resource.updatedAt) reply.header('last-modified', new Date(resource.updatedAt).toUTCString());
  return reply;
}

const isRead = (request: FastifyRequest) => request.method === 'GET' || request.method === 'HEAD';

const opaque = (tag: string) => tag.trim().replace(/^W\//, '');

/** `If-None-Match` uses the weak comparison: `W/"x"` matches `"x"`. */
function noneMatch(header: string, etag: string): boolean {
  if (header.trim() === '*') return true;
  const wanted = opaque(etag);
  return header.split(',').some((tag) => opaque(tag) === wanted);
}

function notModifiedSince(header: string, lastModified: string): boolean {
  const since = Date.parse(header);
  const modified = Date.parse(lastModified);
  return !Number.isNaN(since) && !Number.isNaN(modified) && modified <= since;
}

function bodyOf(payload: unknown): Buffer | string | null {
  return typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : null;
}

/**
 * Cache directives, validators and conditional GETs for every answer:
 * - errors, writes and anything without a route of its own: `no-store`;
 * - a successful GET: its route's {@link CachePolicy}, `Vary: Authorization` when the answer
 *   depends on the caller, an ETag (the route's own, else a hash of the body), and a 304
 *   without a body when `If-None-Match` (or, without it, `If-Modified-Since`) says the client
 *   already has it.
 * Registered before compression, so the ETag is the hash of the identity representation.
 */
export function installHttpCaching(app: FastifyInstance): void {
  app.addHook('preHandler', async (request) => {
    const writes = request.method === 'PUT' || request.method === 'PATCH';
    if (
      writes &&
      request.headers['if-match'] !== undefined &&
      !request.routeOptions.config?.ifMatch
    ) {
      throw new RestError(
        'BAD_REQUEST',
        'This resource has no version to check If-Match against; send the request without it',
      );
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const config = request.routeOptions.config ?? {};
    const status = reply.statusCode;
    if (config.auth !== 'public' && !request.is404) addVary(reply, 'Authorization');
    if (status >= 400 || !isRead(request) || request.is404) {
      reply.header('cache-control', 'no-store');
      return payload;
    }
    if (!reply.hasHeader('cache-control')) {
      reply.header('cache-control', CACHE_CONTROL[config.cache ?? 'private']);
    }
    const body = bodyOf(payload);
    if (status !== 200 || body === null) return payload;
    if (!reply.hasHeader('etag')) {
      const hash = createHash('sha256').update(body).digest('base64url').slice(0, 27);
      reply.header('etag', config.etag === 'strong' ? `"${hash}"` : `W/"${hash}"`);
    }
    const ifNoneMatch = request.headers['if-none-match'];
    const ifModifiedSince = request.headers['if-modified-since'];
    const lastModified = reply.getHeader('last-modified');
    const unchanged =
      ifNoneMatch !== undefined
        ? noneMatch(ifNoneMatch, String(reply.getHeader('etag')))
        : ifModifiedSince !== undefined && lastModified !== undefined
          ? notModifiedSince(ifModifiedSince, String(lastModified))
          : false;
    if (!unchanged) return payload;
    reply.code(304);
    reply.removeHeader('content-type');
    reply.removeHeader('content-length');
    // Fastify's HEAD routes measure what they get: an empty string, where GET sends nothing.
    return request.method === 'HEAD' ? '' : null;
  });
}
