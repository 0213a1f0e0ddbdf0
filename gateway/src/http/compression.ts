import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { addVary } from './vary';

/** Answers smaller than this are sent as they are: compressing them saves nothing. */
export const COMPRESSION_THRESHOLD_BYTES = 1024;

const COMPRESSIBLE = /^(?:application\/(?:json|javascript|xml|[\w.+-]+\+json)|text\/|image\/svg)/i;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

type Encoding = 'br' | 'gzip';

/** The client's preferred encoding among ours (`br`, then `gzip`), honouring `q=0`. */
export function negotiateEncoding(header: string | undefined): Encoding | null {
  if (!header) return null;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...parameters] = part.trim().toLowerCase().split(';');
    const q = parameters.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
    if (name) weights.set(name, q === undefined ? 1 : Number(q));
  }
  const weightOf = (encoding: Encoding) => weights.get(encoding) ?? weights.get('*') ?? 0;
  const best = (['br', 'gzip'] as const)
    .filter((encoding) => weightOf(encoding) > 0)
    .sort((a, b) => weightOf(b) - weightOf(a));
  return best[0] ?? null;
}

function compressible(request: FastifyRequest, contentType: unknown): boolean {
  return (
    request.routeOptions.config?.compress !== false &&
    typeof contentType === 'string' &&
    COMPRESSIBLE.test(contentType)
  );
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false`: the route's answers are never compressed. */
    compress?: boolean;
  }
}

/**
 * Compresses text answers of at least {@link COMPRESSION_THRESHOLD_BYTES} with brotli or gzip,
 * as the client's `Accept-Encoding` asks, with `Vary: Accept-Encoding`. Registered last among
 * the `onSend` hooks, after the ETag is computed on the identity representation.
 */
export function installCompression(app: FastifyInstance): void {
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload;
    if (reply.statusCode === 204 || reply.statusCode === 304) return payload;
    if (reply.hasHeader('content-encoding')) return payload;
    if (Buffer.byteLength(payload) < COMPRESSION_THRESHOLD_BYTES) return payload;
    if (!compressible(request, reply.getHeader('content-type'))) return payload;
    addVary(reply, 'Accept-Encoding');
    const encoding = negotiateEncoding(request.headers['accept-encoding']);
    if (!encoding) return payload;
    const compressed =
      encoding === 'br'
        ? await brotli(payload, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
        : await gzipAsync(payload);
    reply.header('content-encoding', encoding);
    reply.removeHeader('content-length');
    return compressed;
  });
}
