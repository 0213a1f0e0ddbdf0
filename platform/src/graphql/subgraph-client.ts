import type { Fetcher, FetcherResponse } from '@apollo/utils.fetcher';
import { DomainError } from '../errors';
import { currentRequestId, REQUEST_ID_HEADER } from '../request-scope';
import { encodeInternalContext, INTERNAL_CONTEXT_HEADER } from '../tenancy/internal-context';
import type { Caller } from '../tenancy/tenant';

/**
 * A service-to-service GraphQL call on behalf of a caller: the callee sees the same tenant and
 * role as the original request, vouched for by the signed internal header.
 */
export class SubgraphClient {
  constructor(
    private readonly url: string,
    private readonly internalSecret: string,
    /** A kept-alive fetcher with its timeout (`createSubgraphFetcher`), shared by the process. */
    private readonly fetch: Fetcher,
  ) {}

  async request<Data>(
    caller: Caller,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<Data> {
    let response: FetcherResponse;
    const requestId = currentRequestId();
    try {
      response = await this.fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [INTERNAL_CONTEXT_HEADER]: encodeInternalContext(caller, this.internalSecret),
          // The request this call serves, for the callee's log lines.
          ...(requestId ? { [REQUEST_ID_HEADER]: requestId } : {}),
        },
        body: JSON.stringify({ query, variables }),
      });
    } catch (error) {
      throw new DomainError('SERVICE_UNAVAILABLE', 'A platform service did not answer', {
        cause: (error as Error).name,
      });
    }
    const body = (await response.json().catch(() => null)) as {
      data?: Data;
      errors?: { message: string; extensions?: { code?: string } }[];
    } | null;
    if (!body?.data || body.errors?.length) {
      throw new DomainError('SERVICE_UNAVAILABLE', 'A platform service answered with an error', {
        status: response.status,
        codes: body?.errors?.map((e) => e.extensions?.code),
      });
    }
    return body.data;
  }
}
