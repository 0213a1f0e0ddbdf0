import http from 'node:http';
import https from 'node:https';
import type {
  Fetcher,
  FetcherHeaders,
  FetcherRequestInit,
  FetcherResponse,
} from '@apollo/utils.fetcher';

export const DEFAULT_SUBGRAPH_TIMEOUT_MS = 30_000;

/**
 * How the gateway reaches its subgraphs, and a service another (`SubgraphClient`): plain
 * node:http over kept-alive connections. Apollo Gateway's default fetcher (make-fetch-happen)
 * builds a retrying, caching npm-registry client per call, and the global fetch (undici) web
 * streams and a Headers object per call — costs paid on every subgraph fetch for features a
 * subgraph call never uses. A subgraph that does not answer within `timeoutMs` fails the fetch
 * like a refused connection, so the caller reports it unavailable instead of waiting.
 */
export function createSubgraphFetcher(options: { timeoutMs: number; maxSockets?: number }): {
  fetch: Fetcher;
  close(): void;
} {
  const agentOptions = {
    keepAlive: true,
    maxSockets: options.maxSockets ?? 64,
    scheduling: 'lifo' as const,
  };
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };

  const fetch: Fetcher = (url: string, init: FetcherRequestInit = {}) =>
    new Promise<FetcherResponse>((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      const request = (secure ? https : http).request(
        target,
        {
          method: init.method ?? 'GET',
          headers: init.headers,
          agent: secure ? agents.https : agents.http,
          timeout: options.timeoutMs,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('end', () => {
            resolve(new SubgraphResponse(url, response, Buffer.concat(chunks).toString('utf8')));
          });
        },
      );
      request.on('timeout', () => request.destroy(noAnswer(url, options.timeoutMs)));
      request.on('error', reject);
      request.end(init.body);
    });

  return {
    fetch,
    close() {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/** How a subgraph call that got no answer in time fails, over HTTP or in process alike. */
export function noAnswer(url: string, timeoutMs: number): Error {
  return new Error(`no answer from ${new URL(url).host} within ${timeoutMs} ms`);
}

/** The part of the fetch API's Response that Apollo Gateway reads, over a body already read. */
export class SubgraphResponse implements FetcherResponse {
  readonly redirected = false;
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: FetcherHeaders;
  bodyUsed = false;

  constructor(
    readonly url: string,
    private readonly head: Pick<http.IncomingMessage, 'statusCode' | 'statusMessage' | 'headers'>,
    private readonly body: string,
  ) {
    this.status = head.statusCode ?? 0;
    this.statusText = head.statusMessage ?? '';
    this.ok = this.status >= 200 && this.status < 300;
    this.headers = new ResponseHeaders(head.headers);
  }

  async text(): Promise<string> {
    this.bodyUsed = true;
    return this.body;
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    this.bodyUsed = true;
    const { buffer, byteOffset, byteLength } = Buffer.from(this.body, 'utf8');
    return buffer.slice(byteOffset, byteOffset + byteLength) as ArrayBuffer;
  }

  clone(): FetcherResponse {
    return new SubgraphResponse(this.url, this.head, this.body);
  }
}

/**
 * A response's headers as the fetch API shows them, over node's own parsed headers (names
 * already lower-case; repeated ones joined as fetch joins them), without building a Headers.
 */
class ResponseHeaders implements FetcherHeaders {
  private readonly map = new Map<string, string>();

  constructor(headers: http.IncomingHttpHeaders) {
    for (const [name, value] of Object.entries(headers)) {
      if (value !== undefined) this.map.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
  }

  get(name: string): string | null {
    return this.map.get(name.toLowerCase()) ?? null;
  }

  has(name: string): boolean {
    return this.map.has(name.toLowerCase());
  }

  set(name: string, value: string): void {
    this.map.set(name.toLowerCase(), value);
  }

  append(name: string, value: string): void {
    const previous = this.get(name);
    this.set(name, previous === null ? value : `${previous}, ${value}`);
  }

  delete(name: string): void {
    this.map.delete(name.toLowerCase());
  }

  entries(): IterableIterator<[string, string]> {
    return this.map.entries();
  }

  keys(): IterableIterator<string> {
    return this.map.keys();
  }

  values(): IterableIterator<string> {
    return this.map.values();
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.map.entries();
  }
}
