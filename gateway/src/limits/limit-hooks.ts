import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { RestError } from '../http/error-envelope';
import { RATE_WINDOW_SECONDS, type RateDecision } from './rate-limit';
import type { AddressBudget, RequestLimits } from './request-limits';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The per-client-IP budget of calls made without an access token on this route. Unset:
     * such calls are not limited (health, JWKS). Calls with a token always draw on their key.
     */
    addressRateLimit?: AddressBudget;
    /** The route serves GraphQL over HTTP: each operation of a batch is charged. */
    graphql?: boolean;
  }
}

type Charge = (operations: number) => Promise<RateDecision>;

function chargeOf(request: FastifyRequest, limits: RequestLimits): Charge | null {
  const caller = request.caller;
  if (caller) return (operations) => limits.chargeKey(caller, operations);
  const budget = request.routeOptions.config?.addressRateLimit;
  if (budget) return (operations) => limits.chargeAddress(budget, request.ip, operations);
  return null;
}

/** The budget's headers on the answer; past it, a 429 `rate_limited` with `Retry-After`. */
function enforce(reply: FastifyReply, decision: RateDecision): void {
  reply.headers({
    'ratelimit-limit': String(decision.limit),
    'ratelimit-remaining': String(decision.remaining),
    'ratelimit-reset': String(decision.resetSeconds),
    'ratelimit-policy': `${decision.limit};w=${RATE_WINDOW_SECONDS}`,
  });
  if (decision.allowed) return;
  throw new RestError(
    'RATE_LIMITED',
    `Rate limit of ${decision.limit} requests per minute reached; retry in ${decision.resetSeconds} s`,
    { limit: decision.limit, window_seconds: RATE_WINDOW_SECONDS },
    { 'retry-after': String(decision.resetSeconds) },
  );
}

/**
 * The limits as fastify hooks, after authentication: each request is charged to its key (or,
 * without a token, to its client IP where the route says so) and holds one of its key's
 * connection slots from its first hook until its response is sent or its connection drops, so
 * that a request still uploading its body counts. A GraphQL batch of N operations costs N: the
 * first on arrival, the rest once the body is read.
 */
export function installRequestLimits(app: FastifyInstance, limits: RequestLimits): void {
  const charges = new WeakMap<FastifyRequest, Charge>();

  app.addHook('onRequest', async (request, reply) => {
    if (request.is404) return;
    const charge = chargeOf(request, limits);
    if (!charge) return;
    charges.set(request, charge);
    enforce(reply, await charge(1));

    const caller = request.caller;
    if (!caller) return;
    const lease = await limits.acquireConnection(caller);
    if (!lease) {
      const max = limits.maxConnectionsOf(caller);
      throw new RestError(
        'TOO_MANY_CONNECTIONS',
        `At most ${max} requests of this API key may be in flight at once`,
        { max_connections: max },
        { 'retry-after': '1' },
      );
    }
    // 'close' ends every response: sent, failed or abandoned by the client. The lease gives its
    // slot back once, however many times it is released.
    reply.raw.once('close', () => lease.release());
    if (reply.raw.destroyed || request.raw.destroyed) lease.release();
  });

  app.addHook('preHandler', async (request, reply) => {
    const charge = charges.get(request);
    const body = request.body;
    if (!charge || !request.routeOptions.config?.graphql || !Array.isArray(body)) return;
    if (body.length > 1) enforce(reply, await charge(body.length - 1));
  });
}
