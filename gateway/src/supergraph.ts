import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import {
  encodeInternalContext,
  INTERNAL_CONTEXT_HEADER,
} from '../../platform/src/tenancy/internal-context';
import type { GatewayContext } from './context';

export const SUPERGRAPH_PATH = path.resolve(__dirname, '../../schema/supergraph.graphql');

/**
 * Forwards each subgraph fetch with the caller in the signed internal header and the request
 * id for tracing; the incoming Authorization header never leaves the gateway.
 */
class InternalDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    private readonly service: string,
    url: string,
    private readonly secret: string,
    fetcher: Fetcher,
  ) {
    super({ url, fetcher });
  }

  /**
   * A subgraph that cannot be reached (down, restarting) or whose proxy answers 502–504 is
   * `SERVICE_UNAVAILABLE` naming it — a 503 on REST — rather than an internal error; the other
   * subgraphs' fields still resolve, and the next request tries it again.
   */
  override didEncounterError(error: Error, _request: unknown, response?: { status: number }) {
    if (!response || (response.status >= 502 && response.status <= 504)) {
      throw new GraphQLError(`The ${this.service} service is unavailable; try again shortly`, {
        extensions: { code: 'SERVICE_UNAVAILABLE', details: { service: this.service } },
      });
    }
    throw error;
  }

  override willSendRequest({
    request,
    context,
  }: Parameters<NonNullable<RemoteGraphQLDataSource<GatewayContext>['willSendRequest']>>[0]) {
    if (context?.requestId) request.http?.headers.set('x-request-id', context.requestId);
    if (context?.caller) {
      request.http?.headers.set(
        INTERNAL_CONTEXT_HEADER,
        encodeInternalContext(context.caller, this.secret),
      );
    }
  }
}

/**
 * `@apollo/gateway` reports usage to Apollo unless `APOLLO_TELEMETRY_DISABLED` is `true` or `1`:
 * an OpenTelemetry exporter to Apollo's servers, after probing the AWS, GCP, Azure and Alibaba
 * metadata addresses to describe the host. A restaurant's gateway calls nobody it was not told
 * to: off unless the environment says otherwise (`APOLLO_TELEMETRY_DISABLED=false` turns it on).
 */
export function keepApolloTelemetryOff(env: NodeJS.ProcessEnv = process.env): void {
  env.APOLLO_TELEMETRY_DISABLED ??= 'true';
}

/**
 * The gateway over the supergraph composed ahead of time (`npm run compose`). Subgraph URLs come
 * from the running deployment, not from the composed file.
 */
export function createGateway(
  subgraphUrls: Record<string, string>,
  internalSecret: string,
  fetcher: Fetcher,
) {
  keepApolloTelemetryOff();
  return new ApolloGateway({
    supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
    buildService: ({ name, url }) => {
      const target = subgraphUrls[name] ?? url;
      if (!target) throw new Error(`no URL for subgraph '${name}'`);
      return new InternalDataSource(name, target, internalSecret, fetcher);
    },
  });
}
