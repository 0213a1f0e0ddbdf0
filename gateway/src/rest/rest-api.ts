import type { FastifyInstance, FastifyRequest } from 'fastify';
import { httpContextOf, type GatewayContext } from '../context';
import { RestError } from '../http/error-envelope';
import type { RequestLogStore } from '../request-log/request-log-store';
import { findUnstorableText } from '../operation-guard';
import { authRoutes } from './auth.routes';
import { calendarRoutes } from './calendar.routes';
import { channelsRoutes } from './channels.routes';
import { floorRoutes } from './floor.routes';
import { serializeRestJson } from './decimal-json';
import type { GraphQLExecutor } from './graphql-executor';
import { inventoryRoutes } from './inventory.routes';
import { keptJsonSender } from './kept-json';
import { logsRoutes } from './logs.routes';
import { openApiRoutes } from './openapi/openapi.routes';
import { openApiDocument } from './openapi/rest-operations';
import { ordersRoutes } from './orders.routes';
import { paymentsRoutes } from './payments.routes';
import { reservationsRoutes } from './reservations.routes';
import { webhooksRoutes } from './webhooks.routes';

export interface RestRouteDeps {
  execute: GraphQLExecutor['run'];
  contextOf: (request: FastifyRequest) => GatewayContext;
  notFound: (code: string, what: string, id: string) => RestError;
  /** Sends a mapper's JSON of an answer, kept with it when the read cache holds it. */
  sendJson: ReturnType<typeof keptJsonSender>;
}

/**
 * The REST compatibility layer under `/api/v1`: the spec's endpoints and JSON. Every route
 * but the token exchange needs a valid access token (checked, with the limits, by the
 * gateway's hooks); each runs one GraphQL operation. Bodies are JSON only (415 otherwise).
 */
export async function restApi(
  app: FastifyInstance,
  options: { executor: GraphQLExecutor; requestLog: RequestLogStore },
) {
  app.setReplySerializer(serializeRestJson);
  // Text the database cannot store is refused here, where the field has its REST name; the
  // GraphQL operation guard refuses it again for GraphQL clients (and in path ids).
  app.addHook('preValidation', async (request) => {
    const field =
      findUnstorableText(request.body ?? {}, '') ?? findUnstorableText(request.query ?? {}, '');
    if (field) {
      throw new RestError(
        'INVALID_FIELD',
        'Text may not contain the NUL character or unpaired UTF-16 surrogates',
        [{ field, message: 'contains text that cannot be stored' }],
      );
    }
  });

  const deps: RestRouteDeps = {
    execute: (context, query, variables) => options.executor.run(context, query, variables),
    contextOf: httpContextOf,
    notFound: (code, what, id) => new RestError(code, `${what} '${id}' was not found`, { id }),
    sendJson: keptJsonSender(options.executor.readCache),
  };
  authRoutes(app, deps);
  ordersRoutes(app, deps);
  inventoryRoutes(app, deps);
  reservationsRoutes(app, deps);
  calendarRoutes(app, deps);
  channelsRoutes(app, deps);
  floorRoutes(app, deps);
  webhooksRoutes(app, deps);
  paymentsRoutes(app, deps);
  logsRoutes(app, options.requestLog);
  openApiRoutes(app, openApiDocument);
}
