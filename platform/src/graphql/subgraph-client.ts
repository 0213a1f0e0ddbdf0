import { DomainError } from '../errors';
import type { Caller } from '../tenancy/tenant';
import { internalHeaders, type SubgraphReply, type SubgraphTransport } from './subgraph-transport';

/**
 * A service-to-service GraphQL call on behalf of a caller: the callee sees the same tenant and
 * role as the original request, vouched for by the signed internal header, and the request's id
 * when the client is the request's ({@link SubgraphClient.forRequest}).
 */
export class SubgraphClient {
  constructor(
    private readonly url: string,
    private readonly internalSecret: string,
    /**
     * How calls reach the service: over a kept-alive fetcher with its timeout
     * (`httpTransport(createSubgraphFetcher(…))`), or without HTTP when it runs in this process
     * (`inProcessTransport`), shared by the process.
     */
    private readonly transport: SubgraphTransport,
    private readonly requestId?: string,
  ) {}

  /** This client for the calls that request `requestId` makes: they carry its id. */
  forRequest(requestId: string): SubgraphClient {
    return new SubgraphClient(this.url, this.internalSecret, this.transport, requestId);
  }

  async request<Data>(
    caller: Caller,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<Data> {
    let reply: SubgraphReply;
    try {
      reply = await this.transport(
        this.url,
        internalHeaders(caller, this.requestId, this.internalSecret),
        { query, variables },
      );
    } catch (error) {
      throw new DomainError('SERVICE_UNAVAILABLE', 'A platform service did not answer', {
        cause: (error as Error).name,
      });
    }
    const body = (typeof reply.body === 'object' ? reply.body : null) as {
      data?: Data;
      errors?: { message: string; extensions?: { code?: string } }[];
    } | null;
    if (!body?.data || body.errors?.length) {
      throw new DomainError('SERVICE_UNAVAILABLE', 'A platform service answered with an error', {
        status: reply.status,
        codes: body?.errors?.map((e) => e.extensions?.code),
      });
    }
    return body.data;
  }
}
