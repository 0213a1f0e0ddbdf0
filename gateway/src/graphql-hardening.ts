import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import {
  BREAK,
  GraphQLError,
  visit,
  type DocumentNode,
  type GraphQLFormattedError,
  type ParseOptions,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { Caller } from '../../platform/src/tenancy/tenant';
import type { GatewayContext } from './context';

/**
 * Limits on the shape of a GraphQL operation, sized on the repository's own: REST's order list
 * (the deepest) reaches depth 7, fragments counting as a level, and about 100 tokens; the full
 * introspection query about 190 tokens (depth and cost do not count it); a page of 100 orders
 * with every field, `first: 100` written in the query, costs about 16,000 (`first` multiplies
 * the cost of what it selects, when written as a literal).
 */
export const GRAPHQL_LIMITS = {
  maxDepth: 12,
  maxAliases: 15,
  maxDirectives: 20,
  maxTokens: 2000,
  maxCost: 20_000,
};

/** The code of every limit's refusal; `extensions.details.limit` says which limit. */
export const QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX';

// graphql-js 16 writes "more that"; a later release may fix the typo.
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more th(?:at|an) \d+ tokens/;

/** Armor's refusal, reported as a validation error that names its limit. */
function refuse(limit: string) {
  return (context: ValidationContext | null, error: GraphQLError) => {
    const message = error.message.replace(/^Syntax Error: /, '');
    context?.reportError(new GraphQLError(message, { extensions: { details: { limit } } }));
  };
}

/**
 * The protections of graphql-armor on the gateway: depth, cost, aliases and directives as
 * validation rules. Two of armor's protections are replaced:
 * - tokens: graphql-js's own parser limit (`maxLexicalTokens`) stops parsing at the limit.
 *   Armor's Apollo plugin re-parses in `parsingDidStart` and, to report, rethrows every
 *   unexpected error of every request as a validation failure, hiding real faults.
 * - field suggestions: armor masks them for everyone; {@link schemaDisclosurePlugin} masks
 *   them only for those who may not see the schema.
 */
export function graphqlHardening(): {
  validationRules: ValidationRule[];
  parseOptions: ParseOptions;
  plugins: ApolloServerPlugin<GatewayContext>[];
} {
  const rejection = (limit: string) => ({ propagateOnRejection: false, onReject: [refuse(limit)] });
  const armor = new ApolloArmor({
    maxDepth: { n: GRAPHQL_LIMITS.maxDepth, ...rejection('depth') },
    costLimit: { maxCost: GRAPHQL_LIMITS.maxCost, ...rejection('cost') },
    maxAliases: { n: GRAPHQL_LIMITS.maxAliases, ...rejection('aliases') },
    maxDirectives: { n: GRAPHQL_LIMITS.maxDirectives, ...rejection('directives') },
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return {
    validationRules: armor.validationRules,
    parseOptions: { maxLexicalTokens: GRAPHQL_LIMITS.maxTokens },
    plugins: [...(armor.plugins as ApolloServerPlugin<GatewayContext>[]), schemaDisclosurePlugin],
  };
}

/**
 * Gives the limits' refusals their code: Apollo files them under GRAPHQL_VALIDATION_FAILED
 * (armor's rules) or GRAPHQL_PARSE_FAILED (the token limit). For `formatError`.
 */
export function withLimitCode(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const extensions = formatted.extensions ?? {};
  const details = extensions.details as { limit?: unknown } | undefined;
  let limit: string | undefined;
  if (extensions.code === 'GRAPHQL_VALIDATION_FAILED' && typeof details?.limit === 'string') {
    limit = details.limit;
  } else if (
    extensions.code === 'GRAPHQL_PARSE_FAILED' &&
    TOO_MANY_TOKENS.test(formatted.message)
  ) {
    limit = 'tokens';
  }
  if (!limit) return formatted;
  return {
    ...formatted,
    message: formatted.message.replace(/^Syntax Error: /, ''),
    extensions: { ...extensions, code: QUERY_TOO_COMPLEX, details: { limit } },
  };
}

/**
 * Sandbox and staging keys may read the schema (the developer console introspects); production
 * keys and anonymous callers may not, nor get "Did you mean …" hints that spell it out.
 */
export function mayReadSchema(caller: Caller | null): boolean {
  return caller !== null && caller.environment !== 'production';
}

function introspects(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Field(node) {
      if (node.name.value !== '__schema' && node.name.value !== '__type') return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

const SUGGESTION = /\s*Did you mean\b[\s\S]*$/;

/** An error message without its "Did you mean …" hint. */
export const withoutSuggestions = (message: string) => message.replace(SUGGESTION, '');

/**
 * Decides per caller what validation rules cannot (they see no context): introspection is a
 * 403 FORBIDDEN without schema details, and suggestions are cut from error messages.
 */
export const schemaDisclosurePlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart({ contextValue }) {
    if (mayReadSchema(contextValue.caller)) return;
    return {
      async didResolveOperation({ document }) {
        if (!introspects(document)) return;
        throw new GraphQLError('Introspection is open to sandbox and staging keys only', {
          extensions: { code: 'FORBIDDEN', http: { status: 403 } },
        });
      },
      async didEncounterErrors({ errors }) {
        for (const error of errors) error.message = withoutSuggestions(error.message);
      },
    };
  },
};
