import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { getOperationAST } from 'graphql';
import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { fromGraphQLErrors, SottoApiError, type GraphQLErrorShape } from './errors';
import { printDocument } from './graphql-client';
import { delayBeforeRetry, type ResolvedRetryOptions } from './retry-policy';

/** What the gateway adds to each result: where it is in the event log, and which event it is. */
export interface EventMeta {
  /** Resume point: `after` this cursor, the next events come without a gap or a repeat. */
  cursor?: string;
  event?: { id: string; type: string; occurredAt: string };
  /** kitchenTickets' opening snapshot of the open tickets. */
  snapshot?: boolean;
}

export interface SubscribeOptions {
  /** A failure: fatal ones (`fatal: true`) end the subscription; others are reported only. */
  onError?(error: SottoApiError, fatal: boolean): void;
  /** Each time the subscription is (re)sent on a new connection; `resumedAfter` is the cursor. */
  onSubscribed?(resumedAfter: string | undefined): void;
}

export interface LiveSubscription {
  /** Stops the subscription (the socket closes with the last one). */
  unsubscribe(): void;
  /** The cursor of the last result, from which a reconnection resumes. */
  readonly cursor: string | undefined;
  /** How many times the connection was lost and the subscription sent again. */
  readonly reconnects: number;
}

/** WebSocket close codes after which trying again cannot help (graphql-ws' protocol errors). */
const FATAL_CLOSE_CODES = new Set([4400, 4406, 4409, 4413, 4499]);
/** The gateway refused the token (expired, or signed by a retired key): get a fresh one. */
const FORBIDDEN = 4403;

/**
 * Subscriptions over one graphql-ws connection to `/graphql`, with the access token in
 * `connection_init`. When the connection is lost (network, the token's expiry, a restart), each
 * subscription is sent again after a backoff on a new connection with a fresh token, with
 * `after` set to its last cursor when the operation declares a `$after` variable, so that no
 * event is missed or repeated.
 */
export class LiveSubscriptions {
  private readonly client: Client;

  constructor(
    baseUrl: string,
    private readonly tokens: { get(): Promise<string>; invalidate(token?: string): void },
    private readonly retry: ResolvedRetryOptions,
  ) {
    const url = new URL('/graphql', baseUrl);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    this.client = createClient({
      url: url.toString(),
      webSocketImpl: WebSocket,
      lazy: true,
      // Reconnection is ours, per subscription, so that each resumes from its own cursor.
      retryAttempts: 0,
      // A failed token exchange reaches the subscriptions' error sinks as it was thrown.
      connectionParams: async () => ({ authorization: `Bearer ${await this.tokens.get()}` }),
      on: {
        closed: (event) => {
          if ((event as { code?: number }).code === FORBIDDEN) this.tokens.invalidate();
        },
      },
    });
  }

  subscribe<Data, Variables>(
    document: TypedDocumentNode<Data, Variables>,
    variables: Variables | undefined,
    onNext: (data: Data, meta: EventMeta) => void,
    options: SubscribeOptions = {},
  ): LiveSubscription {
    const operation = getOperationAST(document);
    if (operation?.operation !== 'subscription') {
      throw new TypeError('client.subscribe() takes a subscription; use client.graphql()');
    }
    const resumable = (operation.variableDefinitions ?? []).some(
      (definition) => definition.variable.name.value === 'after',
    );
    const query = printDocument(document);
    let cursor: string | undefined;
    let reconnects = 0;
    let failures = 0;
    let stopped = false;
    let stop: () => void = () => {};
    let timer: NodeJS.Timeout | undefined;

    const end = (error: SottoApiError) => {
      stopped = true;
      options.onError?.(error, true);
    };

    const start = () => {
      if (stopped) return;
      const resumeFrom = resumable ? cursor : undefined;
      const sent = {
        ...(variables as Record<string, unknown> | undefined),
        ...(resumeFrom ? { after: resumeFrom } : {}),
      };
      options.onSubscribed?.(resumeFrom);
      stop = this.client.subscribe<Data, EventMeta>(
        { query, variables: sent },
        {
          next: (result: FormattedExecutionResult<Data, EventMeta>) => {
            failures = 0;
            const meta = result.extensions ?? {};
            if (meta.cursor) cursor = meta.cursor;
            if (result.errors?.length) {
              options.onError?.(
                fromGraphQLErrors(result.errors as GraphQLErrorShape[], 200, null),
                false,
              );
            }
            if (result.data) onNext(result.data, meta);
          },
          error: (error: unknown) => {
            if (stopped) return;
            if (Array.isArray(error)) {
              // The server refused the operation itself (validation, permission): final.
              return end(fromGraphQLErrors(error as GraphQLErrorShape[], 400, null));
            }
            if (error instanceof SottoApiError && error.status >= 400 && error.status < 500) {
              // The key itself was refused (revoked): no reconnection can help.
              return end(error);
            }
            const code = (error as { code?: unknown } | null)?.code;
            if (typeof code === 'number' && FATAL_CLOSE_CODES.has(code)) {
              return end(closedError(error as { code: number; reason?: string }));
            }
            failures += 1;
            reconnects += 1;
            const wait =
              delayBeforeRetry(Math.min(failures, 16), this.retry) ?? this.retry.maxDelayMs;
            timer = setTimeout(start, wait);
          },
          complete: () => {
            stopped = true;
          },
        },
      );
    };
    start();

    return {
      unsubscribe: () => {
        stopped = true;
        clearTimeout(timer);
        stop();
      },
      get cursor() {
        return cursor;
      },
      get reconnects() {
        return reconnects;
      },
    };
  }

  /** Closes the connection and every subscription on it. */
  dispose(): Promise<void> {
    return Promise.resolve(this.client.dispose());
  }
}

function closedError(event: { code: number; reason?: string }): SottoApiError {
  return new SottoApiError(
    {
      code: 'subscription_closed',
      message: `The subscription connection was closed (${event.code}${event.reason ? `: ${event.reason}` : ''})`,
      request_id: null,
      details: { close_code: event.code },
    },
    0,
  );
}
