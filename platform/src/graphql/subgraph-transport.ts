import type { Fetcher } from '@apollo/utils.fetcher';
import { REQUEST_ID_HEADER } from '../request-id';
import { encodeInternalContext, INTERNAL_CONTEXT_HEADER } from '../tenancy/internal-context';
import type { Caller } from '../tenancy/tenant';

/** One GraphQL request to a subgraph: what its POST body carries. */
export interface SubgraphRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

/** A subgraph's answer to one request, its body already read. */
export interface SubgraphReply {
  status: number;
  statusText: string;
  /**
   * The GraphQL response: parsed from the JSON a subgraph answered over HTTP, or as its Apollo
   * Server produced it in this process. A body that is not JSON (a proxy's error page) is text.
   */
  body: unknown;
}

/**
 * How a GraphQL request reaches the subgraph at `url`, on behalf of the caller named in
 * `headers` (lower-case names, as node:http gives them): over HTTP, or without it when the
 * subgraph runs in this process (`in-process-subgraph.ts`). A subgraph that cannot be reached
 * or does not answer in time rejects; any answer, an error status included, resolves.
 */
export type SubgraphTransport = (
  url: string,
  headers: Readonly<Record<string, string>>,
  request: SubgraphRequest,
) => Promise<SubgraphReply>;

/**
 * The headers of a call on behalf of `caller`: the caller in the signed internal header (the
 * incoming credentials never leave the gateway), and the request it serves, for the callee's
 * log lines.
 */
export function internalHeaders(
  caller: Caller | null | undefined,
  requestId: string | undefined,
  secret: string,
): Record<string, string> {
  const headers: Record<string, string> = {};
  if (requestId) headers[REQUEST_ID_HEADER] = requestId;
  if (caller) headers[INTERNAL_CONTEXT_HEADER] = encodeInternalContext(caller, secret);
  return headers;
}

const JSON_TYPE = /^application\/(graphql-response\+)?json/;

/** GraphQL over HTTP with `fetch` (`createSubgraphFetcher`): JSON in and out. */
export function httpTransport(fetch: Fetcher): SubgraphTransport {
  return async (url, headers, request) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    const text = await response.text();
    let body: unknown = text;
    if (JSON_TYPE.test(response.headers.get('content-type') ?? '')) {
      try {
        body = JSON.parse(text);
      } catch {
        // Not the JSON it claims to be: the caller sees text, as for any body that is not JSON.
      }
    }
    return { status: response.status, statusText: response.statusText, body };
  };
}
