import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import type { GatewayContext } from './context';

/**
 * Text that PostgreSQL cannot store: the NUL character (refused in `text`) and a lone UTF-16
 * surrogate (valid in JSON and in JavaScript strings, refused by `jsonb`, silently replaced in
 * `text`). Refusing it at the door keeps it from failing a transaction deep inside a service.
 */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The path of the first string in `value` that cannot be stored, or null. */
export function findUnstorableText(value: unknown, path: string): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorableText(item, `${path}[${index}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = findUnstorableText(item, path ? `${path}.${key}` : key);
      if (found) return found;
    }
  }
  return null;
}

/** Per parsed document: Apollo parses a query text once and hands out the same document. */
const literalVerdicts = new WeakMap<DocumentNode, boolean>();

function unstorableLiteral(document: DocumentNode): boolean {
  const known = literalVerdicts.get(document);
  if (known !== undefined) return known;
  const found = findUnstorableLiteral(document);
  literalVerdicts.set(document, found);
  return found;
}

function findUnstorableLiteral(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.STRING]: (node) => {
      if (UNSTORABLE.test(node.value)) found = true;
    },
  });
  return found;
}

const badRequest = (message: string, code: string, details?: unknown) =>
  new GraphQLError(message, {
    extensions: { code, http: { status: 400 }, ...(details ? { details } : {}) },
  });

/**
 * Refuses, as client errors, what would otherwise fail later as a server error: no operation to
 * run (several without `operationName`, or an unknown name), a subscription over HTTP (they are
 * served over WebSocket), and text that the database cannot store, in variables or literals.
 */
export const operationGuardPlugin: ApolloServerPlugin<GatewayContext> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, request, document }) {
        if (!operation) {
          throw badRequest(
            request.operationName
              ? `The document has no operation named '${request.operationName}'`
              : 'The document has several operations: say which to run in "operationName"',
            'GRAPHQL_VALIDATION_FAILED',
          );
        }
        if (operation.operation === 'subscription') {
          throw badRequest(
            'Subscriptions are served over WebSocket (graphql-ws) on /graphql, not over HTTP',
            'BAD_REQUEST',
          );
        }
        const field = findUnstorableText(request.variables ?? {}, '');
        if (field || unstorableLiteral(document)) {
          throw new GraphQLError(
            'Text may not contain the NUL character or unpaired UTF-16 surrogates',
            {
              extensions: {
                code: 'BAD_USER_INPUT',
                http: { status: 400 },
                details: [
                  { field: field ?? 'query', message: 'contains text that cannot be stored' },
                ],
              },
            },
          );
        }
      },
    };
  },
};
