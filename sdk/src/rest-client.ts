import type { QueryParams, RestPath } from './rest-types';
import type { HttpTransport } from './transport';

export interface RestCallOptions {
  query?: QueryParams;
  headers?: Record<string, string>;
  /** The idempotency key of a changing call, instead of a generated one. */
  idempotencyKey?: string;
}

/** An answer's body, status and headers, for callers that need more than the body. */
export interface RestAnswer<Body> {
  status: number;
  headers: Headers;
  body: Body;
}

const API_PREFIX = '/api/v1';

/**
 * The REST layer at `/api/v1`. Each method answers the body; an error is thrown as a
 * `SottoApiError`. POST, PUT, PATCH and DELETE carry an `Idempotency-Key`, the same on every
 * retry of one call.
 */
export class RestClient {
  constructor(private readonly transport: HttpTransport) {}

  get<Body = unknown>(path: RestPath, options?: RestCallOptions): Promise<Body> {
    return this.body(this.call<Body>('GET', path, undefined, options));
  }

  post<Body = unknown>(path: RestPath, body?: unknown, options?: RestCallOptions): Promise<Body> {
    return this.body(this.call<Body>('POST', path, body, options));
  }

  put<Body = unknown>(path: RestPath, body?: unknown, options?: RestCallOptions): Promise<Body> {
    return this.body(this.call<Body>('PUT', path, body, options));
  }

  patch<Body = unknown>(path: RestPath, body?: unknown, options?: RestCallOptions): Promise<Body> {
    return this.body(this.call<Body>('PATCH', path, body, options));
  }

  delete<Body = unknown>(path: RestPath, options?: RestCallOptions): Promise<Body> {
    return this.body(this.call<Body>('DELETE', path, undefined, options));
  }

  /** Any method, answering status and headers too (an `ETag`, a `Location`). */
  async call<Body = unknown>(
    method: string,
    path: RestPath,
    body?: unknown,
    options: RestCallOptions = {},
  ): Promise<RestAnswer<Body>> {
    const answer = await this.transport.send<Body>({
      method,
      path: `${API_PREFIX}${path}${queryString(options.query)}`,
      body,
      headers: options.headers,
      idempotencyKey: options.idempotencyKey,
    });
    return answer;
  }

  private async body<Body>(answer: Promise<RestAnswer<Body>>): Promise<Body> {
    return (await answer).body;
  }
}

function queryString(query: QueryParams | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) params.append(name, String(one));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
