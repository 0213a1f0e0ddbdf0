import type { FastifyInstance } from 'fastify';
import type { Caller } from '../../../platform/src/tenancy/tenant';
import { InvalidAccessToken, type AccessTokenVerifier } from '../auth/access-token-verifier';
import { RestError } from './error-envelope';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who calls, from the access token; null without one. */
    caller: Caller | null;
    /**
     * Why the token sent to an `optional` route was refused. The route answers it in its own
     * shape: GraphQL, as an UNAUTHENTICATED error with status 401.
     */
    authenticationError: string | null;
  }
  interface FastifyContextConfig {
    /**
     * Who may call the route. `token` (the default) needs a valid access token, else a 401 in
     * the envelope; `optional` takes one when sent, for GraphQL, where anonymous callers reach
     * only what the schema's rules let through; `public` never reads one (health, JWKS, the
     * token exchange).
     */
    auth?: 'token' | 'optional' | 'public';
  }
}

const MISSING =
  'Missing access token: send "Authorization: Bearer <token>" from POST /api/v1/auth/token';

/**
 * Establishes `request.caller` from the `Authorization` header, once per request and for every
 * route (REST and GraphQL alike), before the limits are charged. A bad token is a 401 wherever
 * it is sent (in the envelope, or on `optional` routes in the route's own shape); a missing one
 * only where the route needs it.
 */
export function installAuthentication(app: FastifyInstance, verifier: AccessTokenVerifier): void {
  app.decorateRequest('caller', null);
  app.decorateRequest('authenticationError', null);
  app.addHook('onRequest', async (request, reply) => {
    const access = request.routeOptions.config?.auth ?? 'token';
    if (request.is404 || access === 'public') return;
    const header = request.headers.authorization;
    if (!header) {
      if (access === 'optional') return;
      reply.header('www-authenticate', 'Bearer');
      throw new RestError('UNAUTHENTICATED', MISSING);
    }
    try {
      request.caller = await verifier.fromAuthorizationHeader(header);
    } catch (error) {
      if (!(error instanceof InvalidAccessToken)) throw error;
      if (access === 'optional') {
        request.authenticationError = error.message;
        return;
      }
      reply.header('www-authenticate', 'Bearer error="invalid_token"');
      throw new RestError('UNAUTHENTICATED', error.message);
    }
  });
}
