import type { IncomingMessage } from 'node:http';
import { randomPool } from './crypto/random-pool';

/** Every request carries an id: the caller's `X-Request-Id`, passed on to each service it reaches. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** A new request id: 96 random bits. */
export const newRequestId = () => `req_${randomPool.take(12).toString('hex')}`;

/** The caller's `X-Request-Id` when it is a plain token of 8 to 64 characters, else a new one. */
export function requestIdFrom(given: string | string[] | undefined): string {
  return typeof given === 'string' && /^[\w.-]{8,64}$/.test(given) ? given : newRequestId();
}

/** {@link requestIdFrom} a request's headers. */
export function requestIdOf(request: IncomingMessage): string {
  return requestIdFrom(request.headers[REQUEST_ID_HEADER]);
}
