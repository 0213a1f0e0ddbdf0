import type { ApolloServer, BaseContext } from '@apollo/server';
import { REQUEST_ID_HEADER, requestIdFrom } from '../request-id';
import type { DirectExecution } from './direct-execution';
import { noAnswer } from './subgraph-fetcher';
import type { SubgraphReply, SubgraphRequest, SubgraphTransport } from './subgraph-transport';

/** A subgraph's way of answering a request without HTTP. */
export type InProcessExecutor = (
  headers: Readonly<Record<string, string>>,
  request: SubgraphRequest,
) => Promise<SubgraphReply>;

/** What a subgraph running in this process offers its callers instead of its HTTP endpoint. */
export interface InProcessSubgraph {
  /** False once the subgraph is stopped: callers then go over HTTP, as they would anyway. */
  readonly serving: boolean;
  execute: InProcessExecutor;
}

/**
 * A subgraph answering a request as its HTTP route would — the same schema, permissions
 * included, the caller taken from the same signed internal header by `contextOf`, the same
 * request id in the logs — without the sockets, the HTTP handling and the JSON in between: the
 * request and the answer are handed over as objects, and the answer is a new object for each
 * request (graphql-js builds it), so the caller may keep or change it. What `direct` does not
 * run goes through Apollo Server's `executeOperation`, which answers it exactly as over HTTP.
 */
export function inProcessExecutor<Context extends BaseContext>(
  apollo: ApolloServer<Context>,
  direct: DirectExecution<Context>,
  contextOf: (
    headers: Readonly<Record<string, string>>,
    requestId: string,
  ) => Context | Promise<Context>,
  answered: (requestId: string, status: number, ms: number) => void,
): InProcessExecutor {
  return async (headers, request) => {
    const startedAt = performance.now();
    const requestId = requestIdFrom(headers[REQUEST_ID_HEADER]);
    const contextValue = await contextOf(headers, requestId);
    const result = await direct(request, contextValue, requestId);
    let reply: SubgraphReply;
    if (result) {
      reply = { status: 200, statusText: '', body: result };
    } else {
      const response = await apollo.executeOperation(request, { contextValue });
      if (response.body.kind !== 'single') {
        throw new Error('a subgraph answers its callers in one response, not incrementally');
      }
      reply = {
        status: response.http.status ?? 200,
        statusText: '',
        body: response.body.singleResult,
      };
    }
    answered(requestId, reply.status, performance.now() - startedAt);
    return reply;
  };
}

/**
 * A transport that calls the subgraphs running in this process directly (`npm start` runs them
 * all beside the gateway), by their URL, and the others — or one stopped — over `fallback`,
 * HTTP. `local` may grow after the transport is made (services start one after the other). A
 * local answer slower than `timeoutMs` fails the call as an unanswered HTTP call does, so the
 * caller reports the service unavailable.
 */
export function inProcessTransport(
  local: ReadonlyMap<string, InProcessSubgraph>,
  fallback: SubgraphTransport,
  timeoutMs: number,
): SubgraphTransport {
  return (url, headers, request) => {
    const subgraph = local.get(url);
    if (!subgraph?.serving) return fallback(url, headers, request);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(noAnswer(url, timeoutMs)), timeoutMs);
    });
    return Promise.race([subgraph.execute(headers, request), timeout]).finally(() =>
      clearTimeout(timer),
    );
  };
}
