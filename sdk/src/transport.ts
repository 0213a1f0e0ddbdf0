import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { envelopeOf, SottoApiError } from './errors';
import {
  delayBeforeRetry,
  isTransientStatus,
  retryAfterSeconds,
  type ResolvedRetryOptions,
} from './retry-policy';

/** Methods that change something: each call carries one `Idempotency-Key` for all its attempts. */
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export interface HttpRequest {
  method: string;
  /** Path from the platform's root, with its query string: `/api/v1/orders?status=created`. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Sends the access token (default true; false for the token exchange itself). */
  authenticated?: boolean;
  /**
   * Overrides the generated idempotency key (to retry a call across processes, say); `false`
   * sends none (a GraphQL query is POSTed but changes nothing).
   */
  idempotencyKey?: string | false;
  /** Tells a transient failure inside a successful answer (GraphQL's errors in a 200). */
  transientError?(body: unknown, response: Response): SottoApiError | null;
}

export interface HttpResponse<Body> {
  status: number;
  headers: Headers;
  body: Body;
}

export interface TransportOptions {
  baseUrl: string;
  retry: ResolvedRetryOptions;
  /** The access token to send; called before each attempt. */
  token(): Promise<string>;
  /** Called with a token the platform refused with a 401. */
  tokenRefused(token: string): void;
  /** Extra headers on every request (a User-Agent, say). */
  headers?: Record<string, string>;
  /** One attempt's time limit (default 30 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** A failure that another attempt may get past, with the wait the platform asked for. */
class TransientFailure {
  constructor(
    readonly error: SottoApiError,
    readonly retryAfter?: number,
  ) {}
}

/**
 * Sends requests to the platform: JSON in and out, the access token, one idempotency key per
 * changing call, retries of transient failures (429 after its `Retry-After`, 502–504, network
 * errors and timeouts) with exponential backoff, one retry with a fresh token after a 401, and
 * every failure as a `SottoApiError`.
 */
export class HttpTransport {
  private readonly fetch: typeof fetch;

  constructor(private readonly options: TransportOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
  }

  async send<Body>(request: HttpRequest): Promise<HttpResponse<Body>> {
    const method = request.method.toUpperCase();
    const idempotencyKey =
      UNSAFE_METHODS.has(method) && request.idempotencyKey !== false
        ? (request.idempotencyKey ?? randomUUID())
        : undefined;
    const { retry } = this.options;
    let refreshedAfter401 = false;
    for (let attempt = 1; ; attempt += 1) {
      const token = request.authenticated === false ? undefined : await this.options.token();
      const outcome = await this.attempt<Body>(request, method, token, idempotencyKey);
      if (!(outcome instanceof TransientFailure)) {
        if (outcome.status === 401 && token && !refreshedAfter401) {
          // The token may have been revoked or signed by a retired key: one more try with a new one.
          refreshedAfter401 = true;
          this.options.tokenRefused(token);
          attempt -= 1;
          continue;
        }
        if (outcome.status >= 400) throw errorOf(outcome);
        return outcome;
      }
      const wait =
        attempt < retry.maxAttempts
          ? delayBeforeRetry(attempt, retry, outcome.retryAfter)
          : undefined;
      if (wait === undefined) throw outcome.error;
      await sleep(wait);
    }
  }

  private async attempt<Body>(
    request: HttpRequest,
    method: string,
    token: string | undefined,
    idempotencyKey: string | undefined,
  ): Promise<HttpResponse<Body> | TransientFailure> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      ...this.options.headers,
      ...request.headers,
    };
    if (token) headers.authorization = `Bearer ${token}`;
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    let body: string | undefined;
    if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers['content-type'] = 'application/json';
    }
    let response: Response;
    let text: string;
    try {
      response = await this.fetch(new URL(request.path, this.options.baseUrl), {
        method,
        headers,
        body,
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
      });
      text = await response.text();
    } catch (cause) {
      return new TransientFailure(
        new SottoApiError(
          {
            code: 'network_error',
            message: `Could not reach the platform: ${cause instanceof Error ? cause.message : String(cause)}`,
            request_id: null,
            details: null,
          },
          0,
          { cause },
        ),
      );
    }
    const parsed = parseJson(text);
    const answer = { status: response.status, headers: response.headers, body: parsed as Body };
    const retryAfter = retryAfterSeconds(response.headers.get('retry-after'));
    if (isTransientStatus(response.status) || stillRunningElsewhere(answer)) {
      return new TransientFailure(errorOf(answer, retryAfter), retryAfter);
    }
    const inside = response.ok ? request.transientError?.(parsed, response) : null;
    if (inside) return new TransientFailure(inside, retryAfter);
    return answer;
  }
}

/** A 409 for an idempotency key whose first request still runs: its answer comes later. */
function stillRunningElsewhere(answer: HttpResponse<unknown>): boolean {
  return answer.status === 409 && envelopeOf(answer.body)?.code === 'idempotency_conflict';
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The answer's envelope as an error (or a plain one when the body is not an envelope). */
function errorOf(answer: HttpResponse<unknown>, retryAfter?: number): SottoApiError {
  const envelope = envelopeOf(answer.body) ?? {
    code: `http_${answer.status}`,
    message: `The platform answered ${answer.status}`,
    request_id: answer.headers.get('x-request-id'),
    details: typeof answer.body === 'string' ? answer.body : null,
  };
  return new SottoApiError(envelope, answer.status, {
    retryAfterSeconds: retryAfter ?? retryAfterSeconds(answer.headers.get('retry-after')),
  });
}
