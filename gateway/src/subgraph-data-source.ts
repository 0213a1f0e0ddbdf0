import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import {
  internalHeaders,
  type SubgraphReply,
  type SubgraphTransport,
} from '../../platform/src/graphql/subgraph-transport';
import type { GatewayContext } from './context';

/** What a data source answers the gateway: the subgraph's GraphQL response. */
type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

/**
 * Sends each subgraph fetch of a query plan over `transport` — without HTTP to a subgraph in
 * this process, over HTTP to the others — with the caller in the signed internal header and the
 * request id for tracing; the incoming Authorization header never leaves the gateway. Answers
 * are read as `RemoteGraphQLDataSource` reads them: an error status is an error naming it, a
 * body that is not a JSON object an error.
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(
    private readonly service: string,
    private readonly url: string,
    private readonly secret: string,
    private readonly transport: SubgraphTransport,
  ) {}

  async process({
    request,
    context,
  }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    if (!request.query) throw new Error('Missing query');
    let reply: SubgraphReply;
    try {
      reply = await this.transport(
        this.url,
        internalHeaders(context?.caller, context?.requestId, this.secret),
        {
          query: request.query,
          variables: request.variables,
          operationName: request.operationName,
        },
      );
    } catch {
      // Down, restarting, refusing connections or not answering in time.
      throw this.unavailable();
    }
    const { status, statusText, body } = reply;
    // A proxy in front of a subgraph that cannot reach it.
    if (status >= 502 && status <= 504) throw this.unavailable();
    if (status < 200 || status >= 300) {
      throw new GraphQLError(`${status}: ${statusText}`, {
        extensions: {
          ...(status === 401 ? { code: 'UNAUTHENTICATED' } : {}),
          ...(status === 403 ? { code: 'FORBIDDEN' } : {}),
          response: { url: this.url, status, statusText, body },
        },
      });
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw new Error(`Expected JSON response body, but received: ${String(body)}`);
    }
    return body as GatewayGraphQLResponse;
  }

  /**
   * `SERVICE_UNAVAILABLE` naming the subgraph — a 503 on REST — rather than an internal error;
   * the other subgraphs' fields still resolve, and the next request tries it again.
   */
  private unavailable(): GraphQLError {
    return new GraphQLError(`The ${this.service} service is unavailable; try again shortly`, {
      extensions: { code: 'SERVICE_UNAVAILABLE', details: { service: this.service } },
    });
  }
}
