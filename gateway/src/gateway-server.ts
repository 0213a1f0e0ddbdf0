import { randomBytes } from 'node:crypto';
import { ApolloServer } from '@apollo/server';
import fastifyApollo, { fastifyApolloDrainPlugin } from '@as-integrations/fastify';
import Fastify, { type FastifyInstance } from 'fastify';
import { GraphQLError } from 'graphql';
import { Pool } from 'pg';
import { errorFormatter } from '../../platform/src/graphql/format-error';
import type { Logger } from '../../platform/src/logger';
import { AccessTokenVerifier, InvalidAccessToken } from './auth/access-token-verifier';
import type { GatewayContext } from './context';
import { installErrorEnvelope } from './http/error-envelope';
import { GraphQLExecutor } from './rest/graphql-executor';
import { restApi } from './rest/rest-api';
import { createGateway } from './supergraph';

export interface GatewayOptions {
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
}

export interface RunningGateway {
  url: string;
  app: FastifyInstance;
  apollo: ApolloServer<GatewayContext>;
  stop(): Promise<void>;
}

const newRequestId = () => `req_${randomBytes(12).toString('hex')}`;

/** The public entry point: GraphQL at /graphql, REST at /api/v1, health, the JWKS. */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const app = Fastify({
    logger: false,
    bodyLimit: options.maxBodyBytes,
    genReqId: (request) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{8,64}$/.test(given) ? given : newRequestId();
    },
  });
  const verifier = new AccessTokenVerifier(options.jwksUrl);
  const apollo = new ApolloServer<GatewayContext>({
    gateway: createGateway(options.subgraphUrls, options.internalSecret),
    introspection: true,
    includeStacktraceInErrorResponses: false,
    formatError: errorFormatter(options.logger),
    plugins: [fastifyApolloDrainPlugin(app)],
  });
  await apollo.start();

  const database = new Pool({ connectionString: options.databaseUrl, max: 1 });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    options.logger.info(
      {
        requestId: request.id,
        method: request.method,
        url: request.url.split('?')[0],
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
  });
  installErrorEnvelope(app, options.logger);

  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
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
  app.get('/.well-known/jwks.json', async (_request, reply) => {
    const response = await fetch(options.jwksUrl, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) return reply.code(503).send({ keys: [] });
    return reply.header('cache-control', 'public, max-age=300').send(await response.json());
  });

  await app.register(fastifyApollo<GatewayContext>(apollo), {
    path: '/graphql',
    context: async (request) => {
      try {
        const caller = await verifier.fromAuthorizationHeader(request.headers.authorization);
        return { caller, requestId: String(request.id) };
      } catch (error) {
        if (!(error instanceof InvalidAccessToken)) throw error;
        throw new GraphQLError(error.message, {
          extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
        });
      }
    },
  });
  await app.register(restApi, {
    prefix: '/api/v1',
    executor: new GraphQLExecutor(apollo),
    verifier,
  });

  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
  return {
    url,
    app,
    apollo,
    stop: async () => {
      await app.close();
      await apollo.stop().catch(() => {});
      await database.end();
    },
  };
}
