import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Caller } from '../../../platform/src/tenancy/tenant';
import type { AccessTokenVerifier } from '../auth/access-token-verifier';
import { InvalidAccessToken } from '../auth/access-token-verifier';
import type { GatewayContext } from '../context';
import { RestError } from '../http/error-envelope';
import { authRoutes } from './auth.routes';
import { serializeRestJson } from './decimal-json';
import type { GraphQLExecutor } from './graphql-executor';
import { ordersRoutes } from './orders.routes';

export interface RestRouteDeps {
  execute: GraphQLExecutor['run'];
  contextOf: (request: FastifyRequest) => GatewayContext;
  notFound: (code: string, what: string, id: string) => RestError;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
  interface FastifyContextConfig {
    /** A route that needs no access token. */
    public?: boolean;
  }
}

/**
 * The REST compatibility layer under `/api/v1`: the spec's endpoints and JSON. Every route
 * but the token exchange needs a valid access token; each runs one GraphQL operation.
 */
export async function restApi(
  app: FastifyInstance,
  options: { executor: GraphQLExecutor; verifier: AccessTokenVerifier },
) {
  app.decorateRequest('caller', null);
  app.setReplySerializer(serializeRestJson);
  // JSON only: anything else is a 415 in the envelope.
  app.removeContentTypeParser(['text/plain']);

  app.addHook('onRequest', async (request) => {
    if (request.routeOptions.config?.public) return;
    const header = request.headers.authorization;
    if (!header) {
      throw new RestError(
        'UNAUTHENTICATED',
        'Missing access token: send "Authorization: Bearer <token>" from POST /api/v1/auth/token',
      );
    }
    try {
      request.caller = await options.verifier.fromAuthorizationHeader(header);
    } catch (error) {
      if (error instanceof InvalidAccessToken)
        throw new RestError('UNAUTHENTICATED', error.message);
      throw error;
    }
  });

  const deps: RestRouteDeps = {
    execute: (context, query, variables) => options.executor.run(context, query, variables),
    contextOf: (request) => ({ caller: request.caller, requestId: String(request.id) }),
    notFound: (code, what, id) => new RestError(code, `${what} '${id}' was not found`, { id }),
  };
  authRoutes(app, deps);
  ordersRoutes(app, deps);
}
