import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { IMiddlewareFieldMap } from 'graphql-middleware';
import { allow, and, deny, or, rule, shield, type IRules } from 'graphql-shield';
import { can, type Permission } from '../tenancy/permissions';
import type { Caller } from '../tenancy/tenant';

export interface CallerContext {
  caller: Caller | null;
}

const unauthenticated = () =>
  new GraphQLError('Authentication required: send "Authorization: Bearer <access token>"', {
    extensions: { code: 'UNAUTHENTICATED' },
  });

const forbidden = (caller: Caller, permission: Permission) =>
  new GraphQLError(`This ${caller.role} key may not do this: it needs '${permission}'`, {
    extensions: { code: 'FORBIDDEN', details: { required: permission, role: caller.role } },
  });

/** Passes when the gateway vouched for a caller in the signed internal header. */
export const isAuthenticated = rule({ cache: 'contextual' })(
  (_parent, _args, context: CallerContext) => (context.caller ? true : unauthenticated()),
);

// graphql-shield wants one rule object per name, so each permission's rule is made once.
const permissionRules = new Map<Permission, ReturnType<ReturnType<typeof rule>>>();

/** Passes when the caller's role, or an integrator key's scopes, grant `permission`. */
export function requires(permission: Permission) {
  let permissionRule = permissionRules.get(permission);
  if (!permissionRule) {
    permissionRule = rule(`requires:${permission}`, { cache: 'contextual' })(
      (_parent, _args, context: CallerContext) => {
        if (!context.caller) return unauthenticated();
        return can(context.caller, permission) ? true : forbidden(context.caller, permission);
      },
    );
    permissionRules.set(permission, permissionRule);
  }
  return permissionRule;
}

/**
 * Passes for sandbox and staging keys: what exists to test an integration (sample data,
 * simulated terminals) is refused to production keys.
 */
export const notInProduction = rule('notInProduction', { cache: 'contextual' })((
  _parent,
  _args,
  context: CallerContext,
) => {
  if (!context.caller) return unauthenticated();
  return context.caller.environment === 'production'
    ? new GraphQLError('This is for sandbox and staging keys only, not production keys', {
        extensions: { code: 'FORBIDDEN', details: { environment: 'production' } },
      })
    : true;
});

export { allow, and, deny, or };

/** What a subgraph declares next to its schema: a rule per root field, a permission per entity. */
export interface SubgraphPermissions {
  Query?: Record<string, unknown>;
  Mutation?: Record<string, unknown>;
  /**
   * What reading each of the subgraph's entities through `_entities` needs: a permission, or
   * `null` for any authenticated caller. An entity left out cannot be fetched by reference.
   */
  entities?: Record<string, Permission | null>;
}

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * `_entities` checks every representation's type against the subgraph's entity permissions.
 * Not cached: an operation has one `_entities` field, and graphql-shield's `strict` cache would
 * hash every representation (object-hash, SHA-1) to key a result it never reads again.
 */
function entitiesRule(entities: Record<string, Permission | null>) {
  return rule('entities', { cache: 'no_cache' })(
    (_parent, args: { representations?: { __typename?: unknown }[] }, context: CallerContext) => {
      const caller = context.caller;
      if (!caller) return unauthenticated();
      for (const representation of args.representations ?? []) {
        const typename = String(representation.__typename);
        if (!(typename in entities)) {
          return new GraphQLError(`'${typename}' cannot be fetched by reference`, {
            extensions: { code: 'FORBIDDEN' },
          });
        }
        const permission = entities[typename];
        if (permission && !can(caller, permission)) return forbidden(caller, permission);
      }
      return true;
    },
  );
}

/**
 * A subgraph's shield: the rules declared for its root fields, `deny` for every root field
 * without one, `_service` open to the gateway's composition, `_entities` as the entity
 * permissions say. Fields of object types inherit the decision made at the root field that
 * reached them: graphql-shield would still wrap each of them in an `allow` middleware, which
 * makes every scalar of every answer a promise, so only the root fields keep theirs.
 */
export function subgraphPermissions(schema: GraphQLSchema, rules: SubgraphPermissions) {
  const queryFields = schema.getQueryType()?.getFields() ?? {};
  const tree: Record<string, unknown> = {
    Query: {
      // The gateway runs a supergraph composed ahead of time and never asks for the SDL.
      _service: isAuthenticated,
      ...('_entities' in queryFields ? { _entities: entitiesRule(rules.entities ?? {}) } : {}),
      ...rules.Query,
    },
  };
  if (schema.getMutationType()) tree.Mutation = { ...rules.Mutation };
  const generated = shield(tree as IRules, {
    fallbackRule: deny,
    allowExternalErrors: true,
    fallbackError: new GraphQLError('This operation is not permitted for this key', {
      extensions: { code: 'FORBIDDEN' },
    }),
  }).generate(schema) as Record<string, IMiddlewareFieldMap[string]>;
  return Object.fromEntries(
    Object.entries(generated).filter(([type]) => ROOT_TYPES.has(type)),
  ) as IMiddlewareFieldMap;
}
