import type { ApolloServerOptionsWithGateway, BaseContext } from '@apollo/server';
import {
  execute,
  getOperationAST,
  Kind,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { withSubscriptions } from '../client-schema';
import { subscriptionSdl } from './subscription-fields';

type GatewayInterface = ApolloServerOptionsWithGateway<BaseContext>['gateway'];
type GatewayLoadResult = Awaited<ReturnType<GatewayInterface['load']>>;
type GatewayExecutor = NonNullable<GatewayLoadResult['executor']>;
type SchemaCallback = Parameters<GatewayInterface['onSchemaLoadOrUpdate']>[0];

const INTROSPECTION_FIELDS = new Set(['__schema', '__type', '__typename']);

/** Whether every root field of the operation is an introspection field. */
function onlyIntrospects(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.every(
    (selection) => selection.kind === Kind.FIELD && INTROSPECTION_FIELDS.has(selection.name.value),
  );
}

/**
 * Apollo Gateway does not federate subscriptions: the gateway owns its `Subscription` type. This
 * wraps the gateway so that the schema Apollo Server validates and introspects is the
 * supergraph's API schema extended with it (consoles and codegen see the subscriptions), while
 * queries and mutations still run through the gateway's query planner. Introspection-only
 * operations are answered from the extended schema; the subscriptions themselves are served over
 * WebSocket by the graphql-ws server (subscription-server.ts).
 */
export class GatewayWithSubscriptions implements GatewayInterface {
  private extended?: GraphQLSchema;

  constructor(
    private readonly inner: GatewayInterface,
    private readonly sdl = subscriptionSdl(),
  ) {}

  /** The extended schema, once the gateway has loaded. */
  get schema(): GraphQLSchema {
    if (!this.extended) throw new Error('the gateway has not loaded its schema yet');
    return this.extended;
  }

  onSchemaLoadOrUpdate(callback: SchemaCallback) {
    return this.inner.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
      this.extended = withSubscriptions(apiSchema, this.sdl);
      callback({ apiSchema: this.extended, coreSupergraphSdl });
    });
  }

  async load(options: Parameters<GatewayInterface['load']>[0]) {
    const loaded = await this.inner.load(options);
    const planned = loaded.executor;
    if (!planned) return loaded;
    const executor: GatewayExecutor = async (requestContext) => {
      const { document, request } = requestContext;
      const operation = getOperationAST(document, request.operationName);
      if (!operation || !onlyIntrospects(operation)) return planned(requestContext);
      return execute({
        schema: this.schema,
        document,
        operationName: request.operationName,
        variableValues: request.variables,
      }) as ReturnType<GatewayExecutor>;
    };
    return { executor };
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }
}
