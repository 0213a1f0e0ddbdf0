import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Logger } from './logger';

/** Every request carries an id: the caller's `X-Request-Id`, passed on to each service it reaches. */
export const REQUEST_ID_HEADER = 'x-request-id';

export const newRequestId = () => `req_${randomBytes(12).toString('hex')}`;

/** The caller's `X-Request-Id` when it is a plain token of 8 to 64 characters, else a new one. */
export function requestIdFrom(given: string | string[] | undefined): string {
  return typeof given === 'string' && /^[\w.-]{8,64}$/.test(given) ? given : newRequestId();
}

/** {@link requestIdFrom} a request's headers. */
export function requestIdOf(request: IncomingMessage): string {
  return requestIdFrom(request.headers[REQUEST_ID_HEADER]);
}

const currentRequest = new AsyncLocalStorage<string>();

/** Runs `work` on behalf of request `requestId`, for {@link requestLogger}. */
export function inRequest<T>(requestId: string, work: () => T): T {
  return currentRequest.run(requestId, work);
}

/** The id of the request being served, when there is one. */
export function currentRequestId(): string | undefined {
  return currentRequest.getStore();
}

/**
 * `logger`, binding the id of the request being served, for code that logs without knowing the
 * request (Apollo's error formatting), so that every line a request causes carries its id.
 */
export function requestLogger(logger: Logger): Logger {
  const requestId = currentRequest.getStore();
  return requestId ? logger.child({ requestId }) : logger;
}
