import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The plumbing every provider fake shares: a `node:http` server on a free local port that
 * parses each request (JSON or form body) and hands it to the fake's router. The fakes keep the
 * provider's rules; this file only moves bytes.
 */

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** JSON bodies parsed; form bodies as URLSearchParams; undefined when empty. */
  body: unknown;
  form?: URLSearchParams;
}

export type FakeRouter = (request: FakeRequest, response: ServerResponse) => void | Promise<void>;

export interface FakeServer {
  url: string;
  /** Every request received, in order. */
  requests: FakeRequest[];
  close(): Promise<void>;
}

/** How a fake can be told to treat the next card presented. */
export type CardBehaviour = 'approve' | 'decline' | 'never' | 'error' | 'lose-answer';

export async function startFakeServer(router: FakeRouter): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  const server = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const url = new URL(incoming.url ?? '/', 'http://fake');
      const contentType = incoming.headers['content-type'] ?? '';
      const request: FakeRequest = {
        method: incoming.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: incoming.headers,
        body: undefined,
      };
      if (text !== '') {
        if (contentType.startsWith('application/x-www-form-urlencoded')) {
          request.form = new URLSearchParams(text);
          request.body = request.form;
        } else {
          try {
            request.body = JSON.parse(text);
          } catch {
            request.body = text;
          }
        }
      }
      requests.push(request);
      Promise.resolve(router(request, response)).catch((error: Error) => {
        if (!response.headersSent) sendJson(response, 500, { fake_error: error.message });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  contentType = 'application/json',
): void {
  response.writeHead(status, { 'content-type': contentType });
  response.end(JSON.stringify(body));
}

export function sendEmpty(response: ServerResponse, status: number): void {
  response.writeHead(status);
  response.end();
}

/** The provider did the work but the answer never reaches us: the socket is cut. */
export function dropConnection(response: ServerResponse): void {
  response.socket?.destroy();
}

export function bearerToken(request: FakeRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

/**
 * A signal that aborts (as a timeout would) once `ready()` holds, i.e. once the fake's terminal
 * is really waiting for a card: an abort test then does not depend on machine speed.
 */
export function abortWhen(ready: () => boolean): AbortSignal {
  const controller = new AbortController();
  const started = Date.now();
  const timer = setInterval(() => {
    if (ready() || Date.now() - started > 10_000) {
      clearInterval(timer);
      controller.abort(new DOMException('The terminal waited too long', 'TimeoutError'));
    }
  }, 5);
  return controller.signal;
}
