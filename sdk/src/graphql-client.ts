import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { getOperationAST, print, type DocumentNode } from 'graphql';
import { fromGraphQLErrors, type GraphQLErrorShape } from './errors';
import type { HttpTransport } from './transport';

/** Codes of GraphQL errors that another attempt may get past (the gateway frees the key). */
const TRANSIENT_GRAPHQL_CODES = new Set(['SERVICE_UNAVAILABLE']);

export interface GraphQLAnswer<Data> {
  data?: Data | null;
  errors?: GraphQLErrorShape[];
  extensions?: Record<string, unknown>;
}

export interface GraphQLCallOptions {
  /** The idempotency key of a mutation, instead of a generated one. */
  idempotencyKey?: string;
  headers?: Record<string, string>;
}

/** The arguments after the document: variables are optional when none is required. */
export type OperationArguments<Variables> =
  Record<string, never> extends Variables
    ? [variables?: Variables, options?: GraphQLCallOptions]
    : [variables: Variables, options?: GraphQLCallOptions];

/** Printed documents, so that a document used in a loop is printed once. */
const printed = new WeakMap<DocumentNode, string>();

export function printDocument(document: DocumentNode): string {
  let text = printed.get(document);
  if (text === undefined) {
    text = print(document);
    printed.set(document, text);
  }
  return text;
}

/** Runs typed operations over HTTP POST at `/graphql`; any GraphQL error is thrown. */
export async function runOperation<Data, Variables>(
  transport: HttpTransport,
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables | undefined,
  options: GraphQLCallOptions = {},
): Promise<Data> {
  const operation = getOperationAST(document);
  if (operation?.operation === 'subscription') {
    throw new TypeError('Subscriptions run over WebSocket: use client.subscribe()');
  }
  const answer = await transport.send<GraphQLAnswer<Data>>({
    // Queries are POSTed too (GET has no body); only mutations need an idempotency key.
    method: 'POST',
    path: '/graphql',
    body: {
      query: printDocument(document),
      operationName: operation?.name?.value,
      variables: variables ?? {},
    },
    headers: options.headers,
    idempotencyKey: operation?.operation === 'mutation' ? options.idempotencyKey : false,
    transientError: (body, response) => {
      const errors = (body as GraphQLAnswer<Data> | null)?.errors ?? [];
      return errors.some((error) => TRANSIENT_GRAPHQL_CODES.has(error.extensions?.code ?? ''))
        ? fromGraphQLErrors(errors, 503, response.headers.get('x-request-id'))
        : null;
    },
  });
  const { errors, data } = answer.body ?? {};
  if (errors?.length || !data) {
    throw fromGraphQLErrors(
      errors ?? [{ message: 'The answer carries no data' }],
      answer.status,
      answer.headers.get('x-request-id'),
    );
  }
  return data;
}
