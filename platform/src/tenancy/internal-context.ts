import {
  createHmac,
  createSecretKey,
  randomBytes,
  timingSafeEqual,
  type KeyObject,
} from 'node:crypto';
import { isEnvironment, isRole, parseKeyLimits, type Caller } from './tenant';

/**
 * The gateway tells a subgraph who is calling in one signed header. Subgraphs trust nothing
 * else: a request that reaches a subgraph port directly, without a valid signature, is
 * anonymous and the shield refuses it everything.
 */
export const INTERNAL_CONTEXT_HEADER = 'x-sotto-context';

const MAX_AGE_SECONDS = 300;

export function generateInternalSecret(): string {
  return randomBytes(32).toString('base64url');
}

/** The secret as a key object, made once: every subgraph call signs and checks with it. */
const keys = new Map<string, KeyObject>();

function sign(payload: string, secret: string): string {
  let key = keys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    keys.set(secret, key);
  }
  return createHmac('sha256', key).update(payload).digest('base64url');
}

export function encodeInternalContext(caller: Caller, secret: string, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ ...caller, iat: Math.floor(now / 1000) })).toString(
    'base64url',
  );
  return `${payload}.${sign(payload, secret)}`;
}

/** The caller from a signed header, or `null` when absent, tampered with or too old. */
export function decodeInternalContext(
  header: string | undefined,
  secret: string,
  now = Date.now(),
): Caller | null {
  if (!header) return null;
  const [payload, signature] = header.split('.');
  if (!payload || !signature) return null;
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  let claims: Record<string, unknown>;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  const iat = Number(claims.iat);
  if (!Number.isFinite(iat) || Math.abs(now / 1000 - iat) > MAX_AGE_SECONDS) return null;
  const { restaurantId, environment, keyId, role, scopes, limits } = claims;
  if (typeof restaurantId !== 'string' || typeof keyId !== 'string') return null;
  if (!isEnvironment(environment) || !isRole(role)) return null;
  return {
    restaurantId,
    environment,
    keyId,
    role,
    scopes: Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : [],
    limits: parseKeyLimits(limits),
  };
}
