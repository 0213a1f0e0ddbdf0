import { createHash, randomBytes } from 'node:crypto';
import type { Environment } from '../../../platform/src/tenancy/tenant';

/** Keys say which environment they open, like a payment provider's test and live keys. */
export const KEY_PREFIX: Record<Environment, string> = {
  sandbox: 'sk_sandbox_',
  staging: 'sk_staging_',
  production: 'sk_live_',
};

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** A new secret: the environment's prefix and 32 base62 characters (about 190 bits). */
export function generateApiKeySecret(environment: Environment): string {
  const bytes = randomBytes(32);
  let body = '';
  for (const byte of bytes) body += BASE62[byte % 62];
  return KEY_PREFIX[environment] + body;
}

/** Keys are long random strings, so one SHA-256 is enough to store them safely. */
export function hashApiKeySecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** What may be shown of a key after its creation: its prefix and four characters. */
export function displayPrefixOf(secret: string): string {
  const prefix = Object.values(KEY_PREFIX).find((p) => secret.startsWith(p)) ?? '';
  return `${prefix}${secret.slice(prefix.length, prefix.length + 4)}…`;
}
