import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { Fetcher, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';
import { inRequest, REQUEST_ID_HEADER, requestIdFrom } from '../request-scope';
import { noAnswer, SubgraphResponse } from './subgraph-fetcher';

/** A subgraph's answer to one POST of a GraphQL request, computed in this process. */
export interface InProcessAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A subgraph's way of answering a request without HTTP. */
export type InProcessHandler = (request: {
  headers: Record<string, string>;
  body: string;
}) => Promise<InProcessAnswer>;

/** What a subgraph running in this process offers its callers instead of its HTTP endpoint. */
export interface InProcessSubgraph {
  /** False once the subgraph is stopped: callers then go over HTTP, as they would anyway. */
  readonly serving: boolean;
  handle: InProcessHandler;
}

/**
 * A subgraph's Apollo Server answering a request as its HTTP route would — the same JSON in and
 * out, the same signed internal header read by `contextOf`, the same request id in the logs —
 * without the sockets, the HTTP parsing and the routing in between.
 */
export function inProcessHandler<Context extends BaseContext>(
  apollo: ApolloServer<Context>,
  contextOf: (headers: HeaderMap) => Context | Promise<Context>,
  answered: (requestId: string, status: number, ms: number) => void,
): InProcessHandler {
  return async ({ headers, body }) => {
    const startedAt = performance.now();
    const headerMap = new HeaderMap();
    for (const [name, value] of Object.entries(headers)) headerMap.set(name.toLowerCase(), value);
    const requestId = requestIdFrom(headerMap.get(REQUEST_ID_HEADER));
    // The callers are this process's own fetchers: the body is their JSON.stringify.
    const parsed: unknown = JSON.parse(body);
    const response = await inRequest(requestId, () =>
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { method: 'POST', headers: headerMap, search: '', body: parsed },
        context: async () => contextOf(headerMap),
      }),
    );
    let text = '';
    if (response.body.kind === 'complete') text = response.body.string;
    else for await (const chunk of response.body.asyncIterator) text += chunk;
    const status = response.status ?? 200;
    answered(requestId, status, performance.now() - startedAt);
    return { status, headers: Object.fromEntries(response.headers), body: text };
  };
}

/**
 * A fetcher that calls the subgraphs running in this process directly (`npm start` runs them
 * all beside the gateway), by their URL, and the others — or one stopped — over `fallback`,
 * HTTP. `local` may grow after the fetcher is made (services start one after the other). A
 * local answer slower than `timeoutMs` fails the fetch as an unanswered HTTP call does, so the
 * caller reports the service unavailable.
 */
export function inProcessFetcher(
  local: ReadonlyMap<string, InProcessSubgraph>,
  fallback: Fetcher,
  timeoutMs: number,
): Fetcher {
  return (url: string, init: FetcherRequestInit = {}) => {
    const subgraph = local.get(url);
    if (!subgraph?.serving || init.method !== 'POST' || typeof init.body !== 'string') {
      return fallback(url, init);
    }
    const headers = (init.headers ?? {}) as Record<string, string>;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(noAnswer(url, timeoutMs)), timeoutMs);
    });
    const answered = subgraph
      .handle({ headers, body: init.body })
      .then(
        (answer): FetcherResponse =>
          new SubgraphResponse(
            url,
            { statusCode: answer.status, statusMessage: '', headers: answer.headers },
            answer.body,
          ),
      );
    return Promise.race([answered, timeout]).finally(() => clearTimeout(timer));
  };
}
