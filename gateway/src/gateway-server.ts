import { ApolloServer, HeaderMap } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { GraphQLError } from 'graphql';
import type { Registry } from 'prom-client';
import { errorLogPlugin, formatServiceError } from '../../platform/src/graphql/format-error';
import type { Logger } from '../../platform/src/logger';
import { AccessTokenVerifier } from './auth/access-token-verifier';
import { httpContextOf, type GatewayContext } from './context';
import { graphqlHardening, withLimitCode } from './graphql-hardening';
import { operationGuardPlugin } from './operation-guard';
import { installAuthentication } from './http/authentication';
import { installApiVersionHeader } from './http/api-version';
import { installCompression } from './http/compression';
import { installCors } from './http/cors';
import type { ClusterMetricsWorker } from './http/cluster-metrics';
import { installMetrics } from './http/metrics';
import { installHttpCaching } from './http/http-caching';
import { installAllowOnOptions, RouteMethods } from './http/method-routing';
import { httpsServerOptions, startHttpsRedirect, type GatewayTlsOptions } from './http/tls';
import { installIdempotency, schedulePurge } from './idempotency/idempotency-hooks';
import { IdempotencyStore } from './idempotency/idempotency-store';
import { migrateGatewaySchema } from './migrations';
import { answerClientError, installErrorEnvelope, sendFrameworkError } from './http/error-envelope';
import { requestIdOf } from './http/request-id';
import { installSecurityHeaders } from './http/security-headers';
import { installRequestLimits } from './limits/limit-hooks';
import { withLimitDefaults, type GatewayLimitOptions } from './limits/limit-options';
import { RequestLimits } from './limits/request-limits';
import { GraphQLExecutor } from './rest/graphql-executor';
import { restApi } from './rest/rest-api';
import { GatewayReadCache } from './read-cache/read-cache-plugin';
import type { ReadCacheLimits } from './read-cache/read-cache';
import { TenantChanges } from '../../platform/src/database/tenant-changes';
import { kitchenDisplay } from './kds/kds.routes';
import { developerConsole } from './console/console.routes';
import { installRequestLog, loggablePath, RequestLog } from './request-log/request-log';
import { restDocumentation } from './docs/docs.routes';
import { startSubscriptionServer } from './subscriptions/subscription-server';
import { GatewayWithSubscriptions } from './subscriptions/subscription-schema';
import { createGateway } from './supergraph';
import {
  createSubgraphFetcher,
  DEFAULT_SUBGRAPH_TIMEOUT_MS,
} from '../../platform/src/graphql/subgraph-fetcher';
import {
  inProcessTransport,
  type InProcessSubgraph,
} from '../../platform/src/graphql/in-process-subgraph';
import { httpTransport } from '../../platform/src/graphql/subgraph-transport';
import { resilientPool } from '../../platform/src/database/pg-pool';
import { DEFAULT_DB_POOL_MAX } from '../../platform/src/config';

/** Limits and HTTP hygiene left out take the configuration's defaults (`gatewayLimitOptions`). */
export interface GatewayOptions extends Partial<GatewayLimitOptions> {
  host: string;
  port: number;
  databaseUrl: string;
  /** GraphQL endpoints of the subgraphs, by name. */
  subgraphUrls: Record<string, string>;
  /** Where the identity service publishes the token-verifying keys. */
  jwksUrl: string;
  internalSecret: string;
  maxBodyBytes: number;
  logger: Logger;
  /** Serve HTTPS (TLS 1.2+) instead of plain HTTP. */
  tls?: GatewayTlsOptions;
  /** When set, `/metrics` asks for it as a bearer token. */
  metricsToken?: string;
  /** Connections of the gateway's own pool (idempotency keys, the request log). */
  databasePoolMax?: number;
  /** A subgraph that has not answered after this long is reported unavailable. */
  subgraphTimeoutMs?: number;
  /** Subgraphs running in this process, by URL: called without HTTP. */
  localSubgraphs?: ReadonlyMap<string, InProcessSubgraph>;
  /** The read cache's bounds (see read-cache/); `false`: no read cache. */
  readCache?: ReadCacheLimits | false;
  /** How many days `GET /api/v1/logs` keeps each key's calls (default 7). */
  requestLogRetentionDays?: number;
  /** Figures of services running in this process, served by `/metrics` after the gateway's. */
  serviceMetrics?: Registry[];
  /** In a worker of several on one port (SOTTO_WORKERS): `/metrics` sums all the workers'. */
  clusterMetrics?: ClusterMetricsWorker;
}

/** Answers to POSTs with an Idempotency-Key are replayed for 24 hours. */
const IDEMPOTENCY = {
  ttlSeconds: 24 * 60 * 60,
  /** A first request still running after this long is presumed lost (a crashed replica). */
  leaseSeconds: 120,
  /** How long a retry waits for a first request still running before its 409. */
  waitMilliseconds: 5000,
  purgeEveryMs: 15 * 60 * 1000,
};

export interface RunningGateway {
  url: string;
  app: FastifyInstance;
  apollo: ApolloServer<GatewayContext>;
  /** The plain-HTTP listener redirecting to HTTPS, when there is one. */
  httpRedirectUrl?: string;
  /** Rate and connection limits, for the WebSocket server to share. */
  limits: RequestLimits;
  /** The graphql-ws server on /graphql. */
  subscriptions: Awaited<ReturnType<typeof startSubscriptionServer>>;
  /** Each key's recent calls (`GET /api/v1/logs`). */
  requestLog: RequestLog;
  stop(): Promise<void>;
}

/** The public entry point: GraphQL at /graphql, REST at /api/v1, health, the JWKS. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const settings = withLimitDefaults(options);
  const { logger } = options;
  // The gateway's own schema (idempotency keys), first: nothing to undo if it fails.
  await migrateGatewaySchema(options.databaseUrl);
  const app = Fastify({
    ...(options.tls ? { https: httpsServerOptions(options.tls) } : {}),
    logger: false,
    bodyLimit: options.maxBodyBytes,
    trustProxy:
      typeof settings.trustProxy === 'number' ? hopsOf(settings.trustProxy) : settings.trustProxy,
    genReqId: requestIdOf,
    // What fails before routing or before HTTP parsing is answered in the envelope too.
    frameworkErrors: sendFrameworkError,
    clientErrorHandler: answerClientError,
  }) as unknown as FastifyInstance;
  // Before any route: every URL's methods, for OPTIONS and 405 in the not-found handler.
  const routeMethods = RouteMethods.record(app);
  // JSON only, GraphQL included: text/plain, forms and multipart (the bodies a cross-site form
  // may send without a preflight) are a 415 before any parsing, ahead of Apollo's CSRF check.
  app.removeContentTypeParser(['text/plain']);

  const verifier = new AccessTokenVerifier(options.jwksUrl);
  const hardening = graphqlHardening();
  const subgraphTimeoutMs = options.subgraphTimeoutMs ?? DEFAULT_SUBGRAPH_TIMEOUT_MS;
  const subgraphFetcher = createSubgraphFetcher({ timeoutMs: subgraphTimeoutMs });
  const gateway = new GatewayWithSubscriptions(
    createGateway(
      options.subgraphUrls,
      options.internalSecret,
      inProcessTransport(
        options.localSubgraphs ?? new Map(),
        httpTransport(subgraphFetcher.fetch),
        subgraphTimeoutMs,
      ),
    ),
  );
  const readCache = !options.readCache
    ? undefined
    : new GatewayReadCache(
        await TenantChanges.listen(options.databaseUrl, logger),
        options.readCache,
      );
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    logger: logger.child({ component: 'apollo' }),
    // Open to the callers that schemaDisclosurePlugin lets through.
    introspection: true,
    allowBatchedHttpRequests: true,
    // The process stops everything in order on SIGTERM (launcher/src/shutdown.ts), not Apollo.
    stopOnTerminationSignals: false,
    includeStacktraceInErrorResponses: false,
    validationRules: hardening.validationRules,
    parseOptions: hardening.parseOptions,
    formatError: (formatted, error) => formatServiceError(withLimitCode(formatted), error),
    plugins: [
      errorLogPlugin(logger),
      fastifyApolloDrainPlugin(app),
      ApolloServerPluginLandingPageDisabled(),
      // The read cache decides what is kept; Apollo's cache hints are computed for nothing.
      ApolloServerPluginCacheControlDisabled(),
      ...hardening.plugins,
      operationGuardPlugin,
      ...(readCache ? [readCache.plugin()] : []),
    ],
  });
  await apollo.start();
  const limits = await RequestLimits.start(settings, logger);
  const database = resilientPool(
    {
      url: options.databaseUrl,
      max: options.databasePoolMax ?? DEFAULT_DB_POOL_MAX,
      owner: 'gateway',
    },
    (error) => logger.warn({ err: error }, 'gateway: an idle database connection failed'),
  );
  const idempotency = new IdempotencyStore(database, IDEMPOTENCY);
  const stopPurge = schedulePurge(idempotency, logger, IDEMPOTENCY.purgeEveryMs);
  const requestLog = new RequestLog(database, logger, {
    retentionDays: options.requestLogRetentionDays ?? 7,
  });
  const subscriptions = await startSubscriptionServer({
    server: app.server,
    schema: () => gateway.schema,
    apollo,
    verifier,
    limits,
    databaseUrl: options.databaseUrl,
    logger,
    validationRules: hardening.validationRules,
    parseOptions: hardening.parseOptions,
    requestLog,
    fanOut: settings.redisUrl
      ? { redisUrl: settings.redisUrl, keyPrefix: settings.redisKeyPrefix }
      : undefined,
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    logger.info(
      {
        requestId: request.id,
        method: request.method,
        // A route whose path carries a credential (a calendar feed's token) logs its template.
        url: loggablePath(request),
        status: reply.statusCode,
        keyId: request.caller?.keyId,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
  installErrorEnvelope(app, logger, routeMethods);
  installSecurityHeaders(app);
  installApiVersionHeader(app);
  installAllowOnOptions(app, routeMethods);
  // Before compression: validators are computed on the identity representation.
  installHttpCaching(app);
  // Hook order matters: CORS answers preflights first, then the caller is established, then
  // charged to its limits.
  await installCors(app, settings.corsOrigins);
  installAuthentication(app, verifier);
  installRequestLimits(app, limits);
  // After the limits, so that a replay is charged like any call; before compression, so that
  // the answer kept is the identity one.
  installIdempotency(app, idempotency, logger, IDEMPOTENCY);
  installCompression(app);

  const registry = installMetrics(app, {
    database,
    openSockets: subscriptions.openSockets,
    feedStats: subscriptions.feedStats,
    services: () => [...(readCache ? [readCache.metrics] : []), ...(options.serviceMetrics ?? [])],
    token: options.metricsToken,
    cluster: options.clusterMetrics,
  });
  installRequestLog(app, requestLog, registry);
  const open = { config: { auth: 'public' as const } };
  app.get('/healthz', open, async () => ({ status: 'ok' }));
  let draining = false;
  app.get('/readyz', open, async (_request, reply) => {
    // Stopping: a load balancer takes this replica out before the listener closes.
    if (draining) return reply.code(503).send({ status: 'stopping', checks: {} });
    const checks: Record<string, boolean> = {};
    checks.database = await database.query('select 1').then(
      () => true,
      () => false,
    );
    await Promise.all(
      Object.entries(options.subgraphUrls).map(async ([name, url]) => {
        const readyUrl = new URL('/readyz', url);
        checks[name] = await fetch(readyUrl, { signal: AbortSignal.timeout(2000) }).then(
          (response) => response.ok,
          () => false,
        );
      }),
    );
    const ready = Object.values(checks).every(Boolean);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', checks });
  });
  app.get('/.well-known/jwks.json', open, async (_request, reply) => {
    const response = await fetch(options.jwksUrl, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) return reply.code(503).send({ keys: [] });
    return reply.header('cache-control', 'public, max-age=300').send(await response.json());
  });

  const graphql = fastifyApolloHandler<GatewayContext>(apollo, {
    context: async (request) => {
      if (request.authenticationError) {
        const headers = new HeaderMap([['www-authenticate', 'Bearer error="invalid_token"']]);
        throw new GraphQLError(request.authenticationError, {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401, headers } },
        });
      }
      return httpContextOf(request);
    },
  });
  app.route<{ Reply: string }>({
    method: ['GET', 'POST'],
    url: '/graphql',
    config: { auth: 'optional', addressRateLimit: 'anonymous', graphql: true },
    handler: graphql,
  });
  await app.register(restApi, {
    prefix: '/api/v1',
    executor: new GraphQLExecutor(apollo, readCache),
    requestLog: requestLog.store,
  });
  await app.register(kitchenDisplay);
  await app.register(developerConsole);
  await app.register(restDocumentation);

  let redirect: Awaited<ReturnType<typeof startHttpsRedirect>> | undefined;
  const address = () => app.server.address();
  try {
    await app.listen({ host: options.host, port: options.port });
    const redirectPort = options.tls?.redirectHttpPort;
    if (redirectPort !== undefined) {
      const listening = address();
      const httpsPort = typeof listening === 'object' && listening ? listening.port : options.port;
      redirect = await startHttpsRedirect(options.host, redirectPort, httpsPort);
    }
  } catch (error) {
    await subscriptions.close();
    stopPurge();
    await app.close().catch(() => {});
    await requestLog.stop();
    await readCache?.stop();
    await limits.close();
    await database.end();
    subgraphFetcher.close();
    throw error;
  }
  const listening = address();
  const port = typeof listening === 'object' && listening ? listening.port : options.port;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `${options.tls ? 'https' : 'http'}://${host}:${port}`;
  const redirectAddress = redirect?.address();
  return {
    url,
    httpRedirectUrl:
      redirectAddress && typeof redirectAddress === 'object'
        ? `http://${host}:${redirectAddress.port}`
        : undefined,
    app,
    apollo,
    limits,
    subscriptions,
    requestLog,
    /**
     * Readiness turns 503, then at once the listener closes (new connections are refused)
     * while the requests in flight finish and every WebSocket is closed with 1001 (going away).
     */
    stop: async () => {
      draining = true;
      stopPurge();
      await Promise.all([
        subscriptions.close(),
        app.close(),
        new Promise((resolve) => (redirect ? redirect.close(resolve) : resolve(undefined))),
      ]);
      // After the last answer: every call made until now is written.
      await requestLog.stop();
      await apollo.stop().catch(() => {});
      await readCache?.stop();
      await limits.close();
      await database.end();
      subgraphFetcher.close();
    },
  };
}

/** Trusts the nearest `hops` proxies (fastify takes a number too; its types do not). */
const hopsOf = (hops: number) => (_address: string, hop: number) => hop < hops;
