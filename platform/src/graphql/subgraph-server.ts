import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { parse, type GraphQLSchema } from 'graphql';
import { Registry } from 'prom-client';
import { installPoolMetrics } from '../database/pool-metrics';
import { exposition } from '../metrics-exposition';
import { applyMiddleware } from 'graphql-middleware';
import type { MikroORM } from '@mikro-orm/postgresql';
import { bearerMatches } from '../crypto/bearer-token';
import { errorEnvelopeJson } from '../errors';
import type { Logger } from '../logger';
import { requestIdOf } from '../request-id';
import { decodeInternalContext, INTERNAL_CONTEXT_HEADER } from '../tenancy/internal-context';
import type { Caller } from '../tenancy/tenant';
import { directExecution } from './direct-execution';
import { errorLogPlugin, formatServiceError, serviceErrorLog } from './format-error';
import { inProcessExecutor, type InProcessSubgraph } from './in-process-subgraph';
import type { RequestScoped } from './request-context';
import { subgraphPermissions, type SubgraphPermissions } from './shield';
import { subgraphGraphqlRoute } from './subgraph-http-route';

/** Where the SDL of every subgraph lives: `schema/<name>.graphql` at the repository root. */
export const SCHEMA_DIR = path.resolve(__dirname, '../../../schema');

export function loadSubgraphTypeDefs(name: string) {
  return parse(readFileSync(path.join(SCHEMA_DIR, `${name}.graphql`), 'utf8'));
}

export interface SubgraphDefinition<Context extends RequestScoped> {
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  resolvers: any;
  /** Who may call what: declared in the subgraph's `permissions.ts`, next to its schema. */
  permissions: SubgraphPermissions;
  orm: MikroORM;
  internalSecret: string;
  logger: Logger;
  /**
   * Builds the per-request context once the caller is known (or known to be absent), for the
   * request of id `requestId` (the gateway's, from `X-Request-Id`).
   */
  context: (caller: Caller | null, requestId: string) => Context | Promise<Context>;
  /** Extra internal routes (for example identity's JWKS). */
  routes?: (app: FastifyInstance) => void;
  /** Registers the service's own Prometheus figures (the webhooks queue depth, say). */
  metrics?: (registry: Registry) => void;
}

export interface RunningSubgraph {
  name: string;
  url: string;
  /**
   * Answers a request to `url` without HTTP, for callers in the same process
   * (`in-process-subgraph.ts`): the same schema, the same signed internal header.
   */
  inProcess: InProcessSubgraph;
  app: FastifyInstance;
  schema: GraphQLSchema;
  apollo: ApolloServer<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /**
   * The service's own figures, when it has some: served at its `/metrics` (internal port), and
   * by the gateway's `/metrics` when both run in one process.
   */
  metrics?: Registry;
  stop(): Promise<void>;
}

/**
 * Builds and starts one federated subgraph: its SDL with resolvers, graphql-shield in front of
 * them, the caller taken only from the gateway's signed header, health endpoints.
 */
export async function startSubgraph<Context extends RequestScoped>(
  definition: SubgraphDefinition<Context>,
  listen: {
    host: string;
    port: number;
    tls?: { cert: string; key: string };
    /** When set, `/metrics` asks for `Authorization: Bearer <token>`, as the gateway's does. */
    metricsToken?: string;
  },
): Promise<RunningSubgraph> {
  const baseSchema = buildSubgraphSchema([
    { typeDefs: loadSubgraphTypeDefs(definition.name), resolvers: definition.resolvers },
  ]);
  const schema = applyMiddleware(
    baseSchema,
    subgraphPermissions(baseSchema, definition.permissions),
  );

  // With a certificate (a subgraph in its own process), HTTPS with TLS 1.2 or later only.
  const app = Fastify({
    ...(listen.tls ? { https: { ...listen.tls, minVersion: 'TLSv1.2' as const } } : {}),
    logger: false,
    bodyLimit: 6 * 1024 * 1024,
    // The gateway's request id (`x-request-id`), so that this service's lines carry it too.
    genReqId: requestIdOf,
  }) as unknown as FastifyInstance;
  const apollo = new ApolloServer<Context>({
    schema,
    // Only the gateway calls a subgraph, with a supergraph composed ahead of time.
    introspection: false,
    // The process stops everything in order on SIGTERM (launcher/src/shutdown.ts), not Apollo.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    formatError: formatServiceError,
    // No cache hints: nothing sets one, and the default cache-control plugin would wrap every
    // field's resolver to compute them (a hook and a policy object per field resolved).
    plugins: [
      errorLogPlugin(definition.logger),
      fastifyApolloDrainPlugin(app),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      // No page for browsers (by default, one loading Apollo's Sandbox from its CDN unless
      // NODE_ENV is `production`): only the gateway calls a subgraph.
      ApolloServerPluginLandingPageDisabled(),
    ],
  });
  await apollo.start();

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      await definition.orm.em.getConnection().execute('select 1');
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
  definition.routes?.(app);
  let metrics: Registry | undefined;
  if (definition.metrics) definition.metrics((metrics = new Registry()));
  // The service's own figures, after its process's connection pools (the gateway's `/metrics`
  // shows those of its own process, and a service's figures when it runs there).
  const pools = new Registry();
  installPoolMetrics(pools);
  const registries = [pools, ...(metrics ? [metrics] : [])];
  app.get('/metrics', async (request, reply) => {
    if (listen.metricsToken && !bearerMatches(request.headers.authorization, listen.metricsToken)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer')
        .header('cache-control', 'no-store')
        .send(
          errorEnvelopeJson(
            'UNAUTHENTICATED',
            'This endpoint needs the metrics token',
            String(request.id),
          ),
        );
    }
    return reply
      .header('content-type', pools.contentType)
      .header('cache-control', 'no-store')
      .send(await exposition(registries));
  });
  // The request id is in the context: what the operation logs, and the calls its services make
  // to other services (SubgraphClient), carry it.
  const contextOf = (header: string | string[] | undefined, requestId: string) =>
    definition.context(
      decodeInternalContext(
        typeof header === 'string' ? header : undefined,
        definition.internalSecret,
      ),
      requestId,
    );
  // A valid operation runs without Apollo's request pipeline, over HTTP and in process alike.
  const direct = directExecution<Context>(schema, serviceErrorLog(definition.logger));
  app.route<{ Reply: string }>({
    method: ['GET', 'POST', 'OPTIONS'],
    url: '/graphql',
    handler: subgraphGraphqlRoute<Context>(apollo, direct, (request) =>
      contextOf(request.headers[INTERNAL_CONTEXT_HEADER], String(request.id)),
    ),
  });
  /** One debug line per request served, over HTTP or in process alike. */
  const answered = (requestId: string, status: number, ms: number) =>
    definition.logger.debug(
      { requestId, subgraph: definition.name, status, ms: Math.round(ms) },
      'subgraph request',
    );
  app.addHook('onResponse', async (request, reply) => {
    if (request.routeOptions.url !== '/graphql') return;
    answered(String(request.id), reply.statusCode, reply.elapsedTime);
  });
  let serving = true;
  const execute = inProcessExecutor(
    apollo,
    direct,
    (headers, requestId) => contextOf(headers[INTERNAL_CONTEXT_HEADER], requestId),
    answered,
  );
  const inProcess: InProcessSubgraph = {
    get serving() {
      return serving;
    },
    execute,
  };
  await app.listen({ host: listen.host, port: listen.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : listen.port;
  const url = `${listen.tls ? 'https' : 'http'}://${listen.host.includes(':') ? `[${listen.host}]` : listen.host}:${port}/graphql`;
  definition.logger.info({ subgraph: definition.name, url }, 'subgraph listening');
  return {
    name: definition.name,
    url,
    inProcess,
    app,
    schema,
    apollo: apollo,
    metrics,
    stop: async () => {
      serving = false;
      await app.close();
    },
  };
}
