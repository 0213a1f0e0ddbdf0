import { createClient, type Client, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

/** How a socket ended: graphql-ws hands the close event to the sinks and `closed` listeners. */
export interface Closed {
  code: number;
  reason: string;
}

/** A real graphql-ws client on the gateway's /graphql, with the token in `connection_init`. */
export function liveClient(
  baseUrl: string,
  authorization: string | undefined,
): { client: Client; closed: Promise<Closed>; connected: Promise<void> } {
  let onClosed!: (closed: Closed) => void;
  let onConnected!: () => void;
  const closed = new Promise<Closed>((resolve) => (onClosed = resolve));
  const connected = new Promise<void>((resolve) => (onConnected = resolve));
  const client = createClient({
    url: `${baseUrl.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: authorization === undefined ? {} : { authorization },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {},
    on: {
      connected: () => onConnected(),
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        onClosed({ code, reason: String(reason) });
      },
    },
  });
  return { client, closed, connected };
}

/** The results of one subscription as they come, and a way to wait for the next ones. */
export class Subscription<Data = any> {
  readonly results: FormattedExecutionResult<Data, { cursor?: string; [key: string]: unknown }>[] =
    [];
  error: unknown = undefined;
  completed = false;
  private readonly waiters: (() => void)[] = [];
  readonly stop: () => void;

  constructor(client: Client, query: string, variables: Record<string, unknown> = {}) {
    this.stop = client.subscribe<Data, any>(
      { query, variables },
      {
        next: (result) => {
          this.results.push(result);
          this.notify();
        },
        error: (error) => {
          this.error = error;
          this.notify();
        },
        complete: () => {
          this.completed = true;
          this.notify();
        },
      },
    );
  }

  /** Resolves when `count` results have come (or rejects when the stream ends or times out). */
  async take(count: number, timeoutMs = 10_000): Promise<this['results']> {
    const deadline = Date.now() + timeoutMs;
    while (this.results.length < count) {
      if (this.error !== undefined) throw new Error(`subscription failed: ${describe(this.error)}`);
      if (this.completed) throw new Error('subscription completed early');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`only ${this.results.length} of ${count} results in time`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.results.slice(0, count);
  }

  /** Resolves when the stream errs or completes. */
  async ended(timeoutMs = 10_000): Promise<unknown> {
    const deadline = Date.now() + timeoutMs;
    while (this.error === undefined && !this.completed) {
      if (Date.now() > deadline) throw new Error('the subscription did not end in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 100);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.error;
  }

  private notify() {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

function describe(error: unknown): string {
  if (Array.isArray(error)) return error.map((e) => e.message).join('; ');
  if (error && typeof error === 'object' && 'code' in error) {
    return `closed ${(error as Closed).code} ${(error as Closed).reason}`;
  }
  return String(error);
}
