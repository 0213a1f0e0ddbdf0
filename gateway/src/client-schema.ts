import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { extendSchema, parse, printSchema, type GraphQLSchema } from 'graphql';
import { subscriptionSdl } from './subscriptions/subscription-fields';
import { SUPERGRAPH_PATH } from './supergraph';

/** The supergraph's API schema with the gateway's own `Subscription` type added to it. */
export function withSubscriptions(
  apiSchema: GraphQLSchema,
  sdl = subscriptionSdl(),
): GraphQLSchema {
  return extendSchema(apiSchema, parse(sdl));
}

/**
 * The schema that clients of `/graphql` see, in SDL: the API schema of the committed supergraph
 * (no federation directives) plus `Subscription`. The SDK's typed operations are generated
 * against it (codegen.ts).
 */
export function clientSchemaSdl(): string {
  const supergraph = Supergraph.build(readFileSync(SUPERGRAPH_PATH, 'utf8'));
  return printSchema(withSubscriptions(supergraph.apiSchema().toGraphQLJSSchema()));
}
