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

/**
 * Headers signed for a caller, for the second their `iat` names: a request's several subgraph
 * calls (and, with a token's caller kept by the gateway, the next requests of that second) sign
 * once. A caller is not changed once made.
 */
const signedFor = new WeakMap<Caller, { iat: number; secret: string; header: string }>();

export function encodeInternalContext(caller: Caller, secret: string, now = Date.now()): string {
  const iat = Math.floor(now / 1000);
  const signed = signedFor.get(caller);
  if (signed && signed.iat === iat && signed.secret === secret) return signed.header;
  const payload = Buffer.from(JSON.stringify({ ...caller, iat })).toString('base64url');
  const header = `${payload}.${sign(payload, secret)}`;
  signedFor.set(caller, { iat, secret, header });
  return header;
}

/**
 * Headers whose signature was checked, with what they said: the same bytes under the same
 * secret check the same way, so a subgraph checks the HMAC of a header once, not once per call
 * of the request. The age is checked at every call all the same. Bounded: emptied when full.
 */
const verified = new Map<string, { secret: string; iat: number; caller: Caller | null }>();
const MAX_VERIFIED = 10_000;

const fresh = (iat: number, now: number) => Math.abs(now / 1000 - iat) <= MAX_AGE_SECONDS;

/** The caller from a signed header, or `null` when absent, tampered with or too old. */
export function decodeInternalContext(
  header: string | undefined,
  secret: string,
  now = Date.now(),
): Caller | null {
  if (!header) return null;
  let known = verified.get(header);
  if (!known || known.secret !== secret) {
    const claims = verifiedClaims(header, secret);
    if (!claims) return null;
    known = { secret, iat: Number(claims.iat), caller: callerOf(claims) };
    if (verified.size >= MAX_VERIFIED) verified.clear();
    verified.set(header, known);
  }
  return Number.isFinite(known.iat) && fresh(known.iat, now) ? known.caller : null;
}

/** The header's claims when its signature is the secret's, else `null`. */
function verifiedClaims(header: string, secret: string): Record<string, unknown> | null {
  const [payload, signature] = header.split('.');
  if (!payload || !signature) return null;
  const expected = Buffer.from(sign(payload, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof claims === 'object' && claims !== null
      ? (claims as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** The caller that signed claims name, frozen (one object serves every call of the header). */
function callerOf(claims: Record<string, unknown>): Caller | null {
  const { restaurantId, environment, keyId, role, scopes, limits } = claims;
  if (typeof restaurantId !== 'string' || typeof keyId !== 'string') return null;
  if (!isEnvironment(environment) || !isRole(role)) return null;
  return Object.freeze({
    restaurantId,
    environment,
    keyId,
    role,
    scopes: Object.freeze(
      Array.isArray(scopes) ? scopes.filter((s): s is string => typeof s === 'string') : [],
    ) as string[],
    limits: Object.freeze(parseKeyLimits(limits)),
  });
}
