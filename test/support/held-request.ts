import http from 'node:http';
import type { HttpAnswer } from './test-platform';

export interface HeldRequest {
  /** Resolves once the server has read the request's head (its `100 Continue`). */
  started: Promise<void>;
  /** The answer, once the body is sent and answered (or the error of a dropped connection). */
  answer: Promise<HttpAnswer>;
  /** Sends the body. */
  finish(): void;
}

/**
 * A JSON request that the server has begun (it answered `Expect: 100-continue`) but whose body
 * is held back until `finish()`: in flight for the server for as long as a test wants.
 */
export function heldRequest(
  url: string,
  method: string,
  body: unknown,
  headers: Record<string, string> = {},
): HeldRequest {
  const payload = Buffer.from(JSON.stringify(body));
  const request = http.request(url, {
    method,
    agent: false,
    headers: {
      ...headers,
      'content-type': 'application/json',
      'content-length': String(payload.length),
      expect: '100-continue',
    },
  });
  const started = new Promise<void>((resolve) => request.once('continue', () => resolve()));
  const answer = answerOf(request);
  request.flushHeaders();
  return { started, answer, finish: () => request.end(payload) };
}

/** The answer to a request made with node:http, read whole (JSON parsed when it is JSON). */
export function answerOf(request: http.ClientRequest): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve, reject) => {
    request.on('error', reject);
    request.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        const headers = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          if (typeof value === 'string') headers.set(name, value);
        }
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
        resolve({ status: response.statusCode!, headers, text, body: parsed });
      });
    });
  });
}
