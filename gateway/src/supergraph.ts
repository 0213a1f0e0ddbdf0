import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ApolloGateway } from '@apollo/gateway';
import type { SubgraphTransport } from '../../platform/src/graphql/subgraph-transport';
import { keepFederationOperations } from './kept-operations';
import { SubgraphDataSource } from './subgraph-data-source';

export const SUPERGRAPH_PATH = path.resolve(__dirname, '../../schema/supergraph.graphql');

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
 * from the running deployment, not from the composed file. Its query plans are never shown to
 * callers. The federation operation it builds to shape each answer is built once per parsed
 * operation (`keepFederationOperations`).
 */
export function createGateway(
  subgraphUrls: Record<string, string>,
  internalSecret: string,
  transport: SubgraphTransport,
) {
  keepApolloTelemetryOff();
  keepFederationOperations();
  return new ApolloGateway({
    supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
    // Not even to a sandbox key: unless NODE_ENV is `production`, @apollo/gateway answers an
    // `Apollo-Query-Plan-Experimental` header with the query plan (the services and the
    // operations sent to them), and `npm start` leaves NODE_ENV unset.
    __exposeQueryPlanExperimental: false,
    buildService: ({ name, url }) => {
      const target = subgraphUrls[name] ?? url;
      if (!target) throw new Error(`no URL for subgraph '${name}'`);
      return new SubgraphDataSource(name, target, internalSecret, transport);
    },
  });
}
