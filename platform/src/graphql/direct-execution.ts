import {
  execute,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type FormattedExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { CompiledOperations } from './compiled-operations';
import { formatServiceErrors, type ServiceErrorLog } from './format-error';
import type { SubgraphRequest } from './subgraph-transport';

/** How many operations' parsed and validated documents a subgraph keeps; then all are dropped. */
const DOCUMENTS_KEPT = 500;

/** graphql-js's rules, and introspection refused as Apollo Server refuses it. */
const VALIDATION_RULES = [...specifiedRules, NoSchemaIntrospectionCustomRule];

/**
 * The documents of the operations a subgraph's callers send, parsed and found
 * valid against its schema (graphql-js's rules, introspection refused as Apollo Server refuses it
 * with `introspection: false`), by their text; `null` for one that is not (Apollo answers it).
 * The gateway sends the same few operations of its query plans again and again.
 */
export class ValidDocuments {
  private readonly documents = new Map<string, DocumentNode | null>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly capacity = DOCUMENTS_KEPT,
  ) {}

  get(query: string): DocumentNode | null {
    let document = this.documents.get(query);
    if (document === undefined) {
      document = this.parsedAndValid(query);
      if (this.documents.size >= this.capacity) this.documents.clear();
      this.documents.set(query, document);
    }
    return document;
  }

  private parsedAndValid(query: string): DocumentNode | null {
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch {
      return null;
    }
    return validate(this.schema, document, VALIDATION_RULES).length ? null : document;
  }
}

/**
 * Runs one operation of a subgraph's caller without Apollo Server's request pipeline, when it
 * can: answers its result as Apollo would (`FormattedExecutionResult`), or `null` when Apollo
 * must answer it.
 */
export type DirectExecution<Context> = (
  request: SubgraphRequest,
  contextValue: Context,
  requestId: string,
) => Promise<FormattedExecutionResult | null>;

/**
 * A valid operation whose variables fit, executed straight away against `schema` (permissions
 * included), its parsed document kept, its errors logged and shaped as Apollo Server's pipeline
 * does (`serviceErrorLog`, `formatServiceErrors`): Apollo's pipeline around one execution (its
 * hooks, a SHA-256 of the text, content negotiation) costs about as much as a subgraph's
 * operation. An operation run again is compiled (`CompiledOperations`), else graphql-js runs it.
 * Anything else — an operation that does not parse or is not valid, or that did not start (its
 * variables refused, an operation name the document does not hold) — is `null`: nothing of it
 * ran, so Apollo Server may answer it (its 400s) and nothing runs twice.
 */
export function directExecution<Context>(
  schema: GraphQLSchema,
  logError: ServiceErrorLog,
): DirectExecution<Context> {
  const documents = new ValidDocuments(schema);
  const compiled = new CompiledOperations(schema);
  return async (request, contextValue, requestId) => {
    const document = documents.get(request.query);
    if (!document) return null;
    const operation = compiled.get(document, request.operationName);
    const { data, errors } = operation
      ? await operation.query(undefined, contextValue, request.variables ?? {})
      : await execute({
          schema,
          document,
          variableValues: request.variables,
          operationName: request.operationName,
          contextValue,
        });
    if (data === undefined) return null;
    if (!errors) return { data };
    for (const error of errors) logError(error, requestId);
    return { data, errors: formatServiceErrors(errors) };
  };
}
