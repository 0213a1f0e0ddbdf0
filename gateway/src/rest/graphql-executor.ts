import type { ApolloServer } from '@apollo/server';
import type { GatewayContext } from '../context';
import { RestError } from '../http/error-envelope';
import type { GatewayReadCache } from '../read-cache/read-cache-plugin';

/** GraphQL codes that REST shows under another name. */
const REST_CODES: Record<string, string> = {
  BAD_USER_INPUT: 'INVALID_FIELD',
  GRAPHQL_VALIDATION_FAILED: 'BAD_REQUEST',
  GRAPHQL_PARSE_FAILED: 'BAD_REQUEST',
  DOWNSTREAM_SERVICE_ERROR: 'SERVICE_UNAVAILABLE',
};

/**
 * Runs a REST route's GraphQL operation through the gateway itself, so REST gets the same
 * schema, rules and authorization as GraphQL clients. The first error becomes the REST error.
 * A read the gateway's read cache holds is answered from it directly: Apollo Server would only
 * have found it there after its own request pipeline (see GatewayReadCache.answerOf).
 */
export class GraphQLExecutor {
  constructor(
    private readonly apollo: ApolloServer<GatewayContext>,
    readonly readCache?: GatewayReadCache,
  ) {}

  async run<Data>(
    context: GatewayContext,
    query: string,
    variables: Record<string, unknown> = {},
  ): Promise<Data> {
    const kept = this.readCache?.answerOf(context, query, variables);
    if (kept !== undefined) return kept as Data;
    const response = await this.apollo.executeOperation(
      { query, variables },
      { contextValue: context },
    );
    if (response.body.kind !== 'single') {
      throw new RestError('INTERNAL_SERVER_ERROR', 'Unexpected incremental response');
    }
    const { data, errors } = response.body.singleResult;
    const first = errors?.[0];
    if (first) {
      const code = String(first.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
      throw new RestError(REST_CODES[code] ?? code, first.message, first.extensions?.details);
    }
    return data as Data;
  }
}
