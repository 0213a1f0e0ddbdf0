import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { AccessTokenCache } from './access-token';
import { runOperation, type GraphQLCallOptions, type OperationArguments } from './graphql-client';
import {
  LiveSubscriptions,
  type EventMeta,
  type LiveSubscription,
  type SubscribeOptions,
} from './live-subscriptions';
import { RestClient } from './rest-client';
import { DEFAULT_RETRY, type RetryOptions } from './retry-policy';
import { HttpTransport } from './transport';

export interface SottoClientOptions {
  /** The platform's root URL, such as `http://127.0.0.1:4000`. */
  baseUrl: string;
  /** An API key (`sk_sandbox_…`, `sk_staging_…`, `sk_live_…`). */
  apiKey: string;
  retry?: RetryOptions;
  /** One HTTP attempt's time limit in milliseconds (default 30 s). */
  timeoutMs?: number;
  /** Headers added to every HTTP request. */
  headers?: Record<string, string>;
  /** Another fetch implementation (a proxy agent's, say). */
  fetch?: typeof fetch;
}

interface TokenAnswer {
  access_token: string;
  token_type: string;
  expires_in: number;
}

/**
 * The Sotto platform's client. It exchanges the API key for an access token at
 * `POST /api/v1/auth/token` and keeps it fresh; runs typed GraphQL operations
 * (`client.graphql(CreateOrderDocument, { input })`), REST calls (`client.rest.post('/orders', …)`)
 * and subscriptions (`client.subscribe(OrderCreatedDocument, {}, (data) => …)`); retries transient
 * failures with the same idempotency key; throws `SottoApiError`.
 */
export class SottoClient {
  readonly rest: RestClient;
  private readonly transport: HttpTransport;
  private readonly tokens: AccessTokenCache;
  private live?: LiveSubscriptions;
  private readonly retry;

  constructor(private readonly options: SottoClientOptions) {
    if (!options.baseUrl) throw new TypeError('SottoClient needs a baseUrl');
    if (!options.apiKey) throw new TypeError('SottoClient needs an apiKey');
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.tokens = new AccessTokenCache(async () => {
      const answer = await this.transport.send<TokenAnswer>({
        method: 'POST',
        path: '/api/v1/auth/token',
        body: { api_key: options.apiKey },
        authenticated: false,
        idempotencyKey: false,
      });
      return answer.body;
    });
    this.transport = new HttpTransport({
      baseUrl: options.baseUrl,
      retry: this.retry,
      timeoutMs: options.timeoutMs,
      headers: options.headers,
      fetch: options.fetch,
      token: () => this.tokens.get(),
      tokenRefused: (token) => this.tokens.invalidate(token),
    });
    this.rest = new RestClient(this.transport);
  }

  /** A current access token (exchanged or refreshed when needed), for calls made by hand. */
  accessToken(): Promise<string> {
    return this.tokens.get();
  }

  /** Runs a query or a mutation; mutations carry one idempotency key across their retries. */
  graphql<Data, Variables>(
    document: TypedDocumentNode<Data, Variables>,
    ...args: OperationArguments<Variables>
  ): Promise<Data> {
    const [variables, options] = args as [Variables | undefined, GraphQLCallOptions | undefined];
    return runOperation(this.transport, document, variables, options);
  }

  /**
   * Subscribes over WebSocket; `onNext` gets each result's data and its place in the event log.
   * The connection is restored by itself, resuming after the last cursor.
   */
  subscribe<Data, Variables>(
    document: TypedDocumentNode<Data, Variables>,
    variables: Variables,
    onNext: (data: Data, meta: EventMeta) => void,
    options?: SubscribeOptions,
  ): LiveSubscription {
    this.live ??= new LiveSubscriptions(this.options.baseUrl, this.tokens, this.retry);
    return this.live.subscribe(document, variables, onNext, options);
  }

  /** Closes the subscriptions' connection. HTTP needs no closing. */
  async close(): Promise<void> {
    await this.live?.dispose();
    this.live = undefined;
  }
}
