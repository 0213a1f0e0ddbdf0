import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { httpStatusFor } from '../../../platform/src/errors';
import type { Logger } from '../../../platform/src/logger';
import { RestError } from '../http/error-envelope';
import type { HeldKey, IdempotencyStore } from './idempotency-store';
import { requestFingerprint } from './request-fingerprint';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `false`: the route ignores `Idempotency-Key` (every authenticated POST honours it). */
    idempotency?: boolean;
  }
  interface FastifyRequest {
    /** The idempotency key this request holds while it runs; null without one. */
    idempotencyKey: { held: HeldKey; settled: boolean } | null;
  }
}

/** Visible ASCII but quotes and backslashes, 1 to 255 characters (a UUID, a ULID, base64…). */
const KEY_SYNTAX = /^[!#-[\]-~]{1,255}$/;
/** The headers replayed with a stored answer; the others are the replay's own. */
const REPLAYED_HEADERS = ['content-type', 'location', 'etag', 'last-modified'];

export interface IdempotencyHookOptions {
  /** How long a retry waits for a first request still running before a 409. */
  waitMilliseconds: number;
}

function keyOf(header: string | string[] | undefined): string | undefined {
  if (header === undefined) return undefined;
  // A structured-field string (`"abc"`, as the IETF draft writes it) or the bare token.
  const value = (Array.isArray(header) ? header.join(',') : header).trim();
  const key = /^".*"$/.test(value) ? value.slice(1, -1) : value;
  if (!KEY_SYNTAX.test(key)) {
    throw new RestError(
      'INVALID_IDEMPOTENCY_KEY',
      'Idempotency-Key must be 1 to 255 visible ASCII characters without quotes or backslashes, such as a UUID',
    );
  }
  return key;
}

/** GraphQL tells most failures in a 200: a server-side one is not an answer to keep either. */
function graphqlServerFailure(payload: unknown): boolean {
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return false;
  try {
    const body = JSON.parse(payload.toString()) as unknown;
    const results = Array.isArray(body) ? body : [body];
    return results.some((result: { errors?: { extensions?: { code?: string } }[] }) =>
      (result?.errors ?? []).some((error) => httpStatusFor(error.extensions?.code) >= 500),
    );
  } catch {
    return true;
  }
}

/**
 * An answer that shows a credential once (a webhook's generated secret, a feed's or a booking
 * channel's token) is not kept: a replay would show it again and the store would hold it in
 * clear. A retry of such a request runs again instead.
 */
const CREDENTIAL_FIELD = /"(?:secret|token|access_token|api_key)"\s*:\s*"/;
function carriesCredential(payload: unknown): boolean {
  if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return false;
  return CREDENTIAL_FIELD.test(payload.toString());
}

function storedHeaders(reply: FastifyReply): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = reply.getHeader(name);
    if (value !== undefined) kept[name] = String(value);
  }
  return kept;
}

/**
 * `Idempotency-Key` on every authenticated POST, REST and GraphQL alike: the first request with
 * a key runs and its answer is kept (server errors are not: a retry runs again); a retry with
 * the same key, method, path and body from the same API key gets that answer again with
 * `Idempotent-Replayed: true`; one with another body or from another key is a 422; one sent
 * while the first still runs waits for it a little, then is told 409 `idempotency_conflict`.
 */
export function installIdempotency(
  app: FastifyInstance,
  store: IdempotencyStore,
  logger: Logger,
  options: IdempotencyHookOptions,
): void {
  app.decorateRequest('idempotencyKey', null);

  const settle = async (
    request: FastifyRequest,
    reply: FastifyReply,
    payload: unknown,
    sent = true,
  ) => {
    const holding = request.idempotencyKey;
    if (!holding || holding.settled) return;
    holding.settled = true;
    const storable =
      sent &&
      reply.statusCode < 500 &&
      (typeof payload === 'string' || Buffer.isBuffer(payload) || payload == null) &&
      !(request.routeOptions.config?.graphql && graphqlServerFailure(payload)) &&
      !carriesCredential(payload);
    try {
      if (!storable) return await store.release(holding.held);
      await store.complete(holding.held, {
        status: reply.statusCode,
        headers: storedHeaders(reply),
        body: Buffer.isBuffer(payload) ? payload : Buffer.from((payload as string | null) ?? ''),
      });
    } catch (error) {
      // The answer still goes out; a retry then finds the key held until its lease ends.
      logger.error({ err: error, requestId: request.id }, 'idempotency key not settled');
    }
  };

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || request.routeOptions.config?.idempotency === false) return;
    // Anonymous calls (the token exchange, public GraphQL) have no tenant to keep answers for.
    if (!request.caller) return;
    const key = keyOf(request.headers['idempotency-key']);
    if (key === undefined) return;
    const wanted = {
      restaurantId: request.caller.restaurantId,
      environment: request.caller.environment,
      key,
      keyId: request.caller.keyId,
      fingerprint: requestFingerprint(request.method, request.url, request.body),
    };
    const deadline = Date.now() + options.waitMilliseconds;
    for (;;) {
      const claim = await store.claim(wanted);
      switch (claim.kind) {
        case 'claimed':
          request.idempotencyKey = { held: claim.held, settled: false };
          return;
        case 'completed':
          return reply
            .code(claim.answer.status)
            .headers(claim.answer.headers)
            .header('idempotent-replayed', 'true')
            .send(claim.answer.body);
        case 'other_request':
          throw new RestError(
            'IDEMPOTENCY_KEY_REUSED',
            claim.differs === 'body'
              ? 'This Idempotency-Key was already used for another request (method, path or body differ)'
              : 'This Idempotency-Key was already used by another API key of this restaurant',
          );
        case 'in_progress':
          if (Date.now() >= deadline) {
            throw new RestError(
              'IDEMPOTENCY_CONFLICT',
              'A request with this Idempotency-Key is still being processed; retry later',
              null,
              { 'retry-after': '1' },
            );
          }
          await sleep(100);
      }
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    await settle(request, reply, payload);
    return payload;
  });
  // A response that never reached onSend (the client went away) frees its key.
  app.addHook('onResponse', async (request, reply) => {
    await settle(request, reply, undefined, false);
  });
}

/** Purges expired keys now and then; returns the function that stops it. */
export function schedulePurge(store: IdempotencyStore, logger: Logger, everyMs: number) {
  const purge = () =>
    store.purgeExpired().catch((error: unknown) => {
      logger.warn({ err: error }, 'idempotency purge failed');
      return 0;
    });
  void purge();
  const timer = setInterval(purge, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
