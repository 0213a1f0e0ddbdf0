import http from 'node:http';
import https from 'node:https';
import type { Fetcher, FetcherRequestInit, FetcherResponse } from '@apollo/utils.fetcher';

export const DEFAULT_SUBGRAPH_TIMEOUT_MS = 30_000;

/**
 * How the gateway reaches its subgraphs: plain node:http over kept-alive connections. Apollo
 * Gateway's default fetcher (make-fetch-happen) builds a retrying, caching npm-registry client
 * per call — a cost paid on every subgraph fetch for features a subgraph call never uses. A
 * subgraph that does not answer within `timeoutMs` fails the fetch like a refused connection,
 * so the gateway reports it unavailable instead of holding the client's request open.
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
            resolve(new SubgraphResponse(url, response, Buffer.concat(chunks)));
          });
        },
      );
      request.on('timeout', () => {
        request.destroy(new Error(`no answer from ${target.host} within ${options.timeoutMs} ms`));
      });
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

/** The part of the fetch API's Response that Apollo Gateway reads, over a body already read. */
class SubgraphResponse implements FetcherResponse {
  readonly redirected = false;
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly headers: Headers;
  bodyUsed = false;

  constructor(
    readonly url: string,
    response: Pick<http.IncomingMessage, 'statusCode' | 'statusMessage' | 'headers'>,
    private readonly body: Buffer,
  ) {
    this.status = response.statusCode ?? 0;
    this.statusText = response.statusMessage ?? '';
    this.ok = this.status >= 200 && this.status < 300;
    this.headers = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [value]) this.headers.append(name, one);
    }
    this.head = response;
  }

  private readonly head: Pick<http.IncomingMessage, 'statusCode' | 'statusMessage' | 'headers'>;

  async text(): Promise<string> {
    this.bodyUsed = true;
    return this.body.toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    this.bodyUsed = true;
    const { buffer, byteOffset, byteLength } = this.body;
    return buffer.slice(byteOffset, byteOffset + byteLength) as ArrayBuffer;
  }

  clone(): FetcherResponse {
    return new SubgraphResponse(this.url, this.head, this.body);
  }
}
