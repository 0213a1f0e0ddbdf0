import type { ApolloServer, BaseContext } from '@apollo/server';
import { fastifyApolloHandler } from '@as-integrations/fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isRecord } from '../is-record';
import type { DirectExecution } from './direct-execution';
import type { SubgraphRequest } from './subgraph-transport';

/** A request to and an answer from the route: its body, a string. */
type GraphqlRequest = FastifyRequest<{ Reply: string }>;
type GraphqlReply = FastifyReply<{ Reply: string }>;

/** The media type Apollo Server answers a single result with when JSON is acceptable. */
const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** `Accept` headers to which Apollo Server answers that media type (none is one too). */
const JSON_ACCEPTED = new Set(['application/json', '*/*']);

/** The keys of a GraphQL POST body that the direct path reads; any other goes to Apollo. */
const DIRECT_KEYS = new Set(['query', 'variables', 'operationName']);

/**
 * The operation of a request posted as the gateway and the services post theirs
 * (`httpTransport`): a JSON object holding a non-empty `query`, with `variables` an object and
 * `operationName` a string when present, no other key, and no `Accept` but JSON or anything.
 * `null` for anything else (a GET, a batch, `extensions`, a body Apollo refuses, another media
 * type), which Apollo Server answers.
 */
export function directRequest(request: FastifyRequest): SubgraphRequest | null {
  if (request.method !== 'POST') return null;
  const accept = request.headers.accept;
  if (accept !== undefined && !JSON_ACCEPTED.has(accept)) return null;
  // An object only comes from fastify's JSON parser; text/plain stays a string.
  const body = request.body;
  if (!isRecord(body)) return null;
  for (const key in body) if (!DIRECT_KEYS.has(key)) return null;
  const { query, variables, operationName } = body;
  if (typeof query !== 'string' || query === '') return null;
  if (variables !== undefined && variables !== null && !isRecord(variables)) return null;
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string')
    return null;
  return {
    query,
    ...(isRecord(variables) && { variables }),
    ...(typeof operationName === 'string' && { operationName }),
  };
}

/**
 * A subgraph's `/graphql` route. A request posted as its callers post theirs
 * ({@link directRequest}) is run by `direct` and answered with the bytes Apollo Server would
 * answer (its `application/json` type, `errors` then `data`, a final newline); whatever
 * `direct` does not run, and every other request, is answered by Apollo Server's fastify
 * handler, with the context already made. Over HTTP, as in one process, Apollo's request
 * pipeline costs about as much as a subgraph's operation.
 */
export function subgraphGraphqlRoute<Context extends BaseContext>(
  apollo: ApolloServer<Context>,
  direct: DirectExecution<Context>,
  contextOf: (request: FastifyRequest) => Context | Promise<Context>,
) {
  const made = new WeakMap<FastifyRequest, Context>();
  const viaApollo = fastifyApolloHandler<Context>(apollo, {
    context: async (request) => made.get(request) ?? contextOf(request),
  });
  // A context that cannot be made is Apollo's to make again and report (`contextCreationDidFail`).
  const contextOrNull = async (request: FastifyRequest) => {
    try {
      return await contextOf(request);
    } catch {
      return null;
    }
  };
  return async function graphqlRoute(
    this: FastifyInstance,
    request: GraphqlRequest,
    reply: GraphqlReply,
  ): Promise<string> {
    const asked = directRequest(request);
    const contextValue = asked && (await contextOrNull(request));
    if (asked && contextValue) {
      const result = await direct(asked, contextValue, String(request.id));
      if (result) {
        void reply.header('content-type', JSON_CONTENT_TYPE);
        return `${JSON.stringify({ errors: result.errors, data: result.data })}\n`;
      }
      made.set(request, contextValue);
    }
    return (await viaApollo.call(this, request, reply)) as string;
  };
}
