import type { ApolloServer, BaseContext } from '@apollo/server';
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
import { REQUEST_ID_HEADER, requestIdFrom } from '../request-id';
import { formatServiceErrors, type ServiceErrorLog } from './format-error';
import { noAnswer } from './subgraph-fetcher';
import type { SubgraphReply, SubgraphRequest, SubgraphTransport } from './subgraph-transport';

/** A subgraph's way of answering a request without HTTP. */
export type InProcessExecutor = (
  headers: Readonly<Record<string, string>>,
  request: SubgraphRequest,
) => Promise<SubgraphReply>;

/** What a subgraph running in this process offers its callers instead of its HTTP endpoint. */
export interface InProcessSubgraph {
  /** False once the subgraph is stopped: callers then go over HTTP, as they would anyway. */
  readonly serving: boolean;
  execute: InProcessExecutor;
}

/** How many operations' parsed and validated documents a subgraph keeps; then all are dropped. */
const DOCUMENTS_KEPT = 500;

/** graphql-js's rules, and introspection refused as Apollo Server refuses it. */
const VALIDATION_RULES = [...specifiedRules, NoSchemaIntrospectionCustomRule];

/**
 * The documents of the operations a subgraph's callers in this process send, parsed and found
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
 * A valid operation whose variables fit, executed straight away with graphql-js against
 * `schema` (permissions included), its parsed document kept, its errors logged and shaped as
 * Apollo Server's pipeline does (`serviceErrorLog`, `formatServiceErrors`): Apollo's pipeline
 * around one execution (its hooks, a SHA-256 of the text, content negotiation) costs about as
 * much as a subgraph's operation. Anything else — an operation that does not parse or is not
 * valid, or that did not start (its variables refused, an operation name the document does not
 * hold) — is `null`: nothing of it ran, so Apollo Server may answer it (its 400s) and nothing
 * runs twice.
 */
export function directExecution<Context>(
  schema: GraphQLSchema,
  logError: ServiceErrorLog,
): DirectExecution<Context> {
  const documents = new ValidDocuments(schema);
  return async (request, contextValue, requestId) => {
    const document = documents.get(request.query);
    if (!document) return null;
    const { data, errors } = await execute({
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

/**
 * A subgraph answering a request as its HTTP route would — the same schema, permissions
 * included, the caller taken from the same signed internal header by `contextOf`, the same
 * request id in the logs — without the sockets, the HTTP handling and the JSON in between: the
 * request and the answer are handed over as objects, and the answer is a new object for each
 * request (graphql-js builds it), so the caller may keep or change it. What `direct` does not
 * run goes through Apollo Server's `executeOperation`, which answers it exactly as over HTTP.
 */
export function inProcessExecutor<Context extends BaseContext>(
  apollo: ApolloServer<Context>,
  direct: DirectExecution<Context>,
  contextOf: (
    headers: Readonly<Record<string, string>>,
    requestId: string,
  ) => Context | Promise<Context>,
  answered: (requestId: string, status: number, ms: number) => void,
): InProcessExecutor {
  return async (headers, request) => {
    const startedAt = performance.now();
    const requestId = requestIdFrom(headers[REQUEST_ID_HEADER]);
    const contextValue = await contextOf(headers, requestId);
    const result = await direct(request, contextValue, requestId);
    let reply: SubgraphReply;
    if (result) {
      reply = { status: 200, statusText: '', body: result };
    } else {
      const response = await apollo.executeOperation(request, { contextValue });
      if (response.body.kind !== 'single') {
        throw new Error('a subgraph answers its callers in one response, not incrementally');
      }
      reply = {
        status: response.http.status ?? 200,
        statusText: '',
        body: response.body.singleResult,
      };
    }
    answered(requestId, reply.status, performance.now() - startedAt);
    return reply;
  };
}

/**
 * A transport that calls the subgraphs running in this process directly (`npm start` runs them
 * all beside the gateway), by their URL, and the others — or one stopped — over `fallback`,
 * HTTP. `local` may grow after the transport is made (services start one after the other). A
 * local answer slower than `timeoutMs` fails the call as an unanswered HTTP call does, so the
 * caller reports the service unavailable.
 */
export function inProcessTransport(
  local: ReadonlyMap<string, InProcessSubgraph>,
  fallback: SubgraphTransport,
  timeoutMs: number,
): SubgraphTransport {
  return (url, headers, request) => {
    const subgraph = local.get(url);
    if (!subgraph?.serving) return fallback(url, headers, request);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(noAnswer(url, timeoutMs)), timeoutMs);
    });
    return Promise.race([subgraph.execute(headers, request), timeout]).finally(() =>
      clearTimeout(timer),
    );
  };
}
