import { createHash, randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const BODY_LENGTH = 40;

/**
 * A credential that travels in a URL (a calendar feed, a booking channel's notification
 * endpoint): a prefix and 40 base62 characters, about 238 bits, safe in a path or a query.
 */
export function generateUrlToken(prefix: string): string {
  let body = '';
  // 256 is not a multiple of 62: the slight bias leaves far more entropy than a guess needs.
  for (const byte of randomBytes(BODY_LENGTH)) body += BASE62[byte % 62];
  return `${prefix}_${body}`;
}

/** Whether `value` has the shape `generateUrlToken(prefix)` hands out. */
export function urlTokenPattern(prefix: string): RegExp {
  return new RegExp(`^${prefix}_[0-9A-Za-z]{${BODY_LENGTH}}$`);
}

/** Tokens are long random strings, so one SHA-256 is enough to store them, as for API keys. */
export function hashUrlToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
