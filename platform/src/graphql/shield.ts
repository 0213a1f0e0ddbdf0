import { GraphQLError, isObjectType, type GraphQLSchema } from 'graphql';
import { allow, deny, rule, shield, type IRules } from 'graphql-shield';
import type { Caller } from '../tenancy/tenant';

export interface CallerContext {
  caller: Caller | null;
}

/** Passes when the gateway vouched for a caller in the signed internal header. */
export const isAuthenticated = rule({ cache: 'contextual' })(
  (_parent, _args, context: CallerContext) =>
    context.caller
      ? true
      : new GraphQLError('Authentication required: send "Authorization: Bearer <access token>"', {
          extensions: { code: 'UNAUTHENTICATED' },
        }),
);

export { allow, deny };

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * A subgraph's permissions: the rules declared for its root fields, `deny` for every root field
 * without one, `_service` open to the gateway's composition, `_entities` for authenticated
 * callers only. Fields of object types inherit the decision made at the root field that
 * reached them.
 */
export function subgraphPermissions(
  schema: GraphQLSchema,
  rules: { Query?: Record<string, unknown>; Mutation?: Record<string, unknown> },
) {
  const queryFields = schema.getQueryType()?.getFields() ?? {};
  const tree: Record<string, unknown> = {
    Query: {
      _service: allow,
      ...('_entities' in queryFields ? { _entities: isAuthenticated } : {}),
      ...rules.Query,
    },
  };
  if (schema.getMutationType()) tree.Mutation = { ...rules.Mutation };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isObjectType(type) && !ROOT_TYPES.has(type.name) && !type.name.startsWith('__')) {
      tree[type.name] = allow;
    }
  }
  return shield(tree as IRules, {
    fallbackRule: deny,
    allowExternalErrors: true,
    fallbackError: new GraphQLError('This operation is not permitted for this key', {
      extensions: { code: 'FORBIDDEN' },
    }),
  });
}
