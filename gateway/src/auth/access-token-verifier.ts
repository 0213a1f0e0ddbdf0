import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import {
  isEnvironment,
  isRole,
  parseKeyLimits,
  type Caller,
} from '../../../platform/src/tenancy/tenant';

export const TOKEN_ISSUER = 'sotto';
export const TOKEN_AUDIENCE = 'sotto-api';
export const TOKEN_ALGORITHMS = ['ES256'];

export class InvalidAccessToken extends Error {}

/** Verified tokens kept, so that a client's every call does not check an ECDSA signature again. */
const VERIFIED_TOKENS_KEPT = 10_000;

/** The token of an `Authorization` value (a header, or graphql-ws's `connection_init`). */
export function bearerToken(authorization: string): string {
  const match = /^Bearer\s+([A-Za-z0-9_\-.]+)$/i.exec(authorization.trim());
  if (!match) throw new InvalidAccessToken('expected "Authorization: Bearer <access token>"');
  return match[1]!;
}

/**
 * Verifies access tokens against the identity service's public keys: algorithm pinned to ES256,
 * issuer, audience and expiry checked, claims shaped into a caller.
 */
export class AccessTokenVerifier {
  private readonly keys: JWTVerifyGetKey;
  /** Tokens that verified, until they expire: the same token always verifies the same way. */
  private readonly verified = new Map<string, { caller: Caller; expiresAt: Date }>();

  constructor(jwksUrl: string) {
    this.keys = createRemoteJWKSet(new URL(jwksUrl), {
      // A token signed with a key not seen yet (after `jwt rotate`) refetches the set, at most
      // once a second so that made-up key ids cannot flood the identity service.
      cooldownDuration: 1_000,
      cacheMaxAge: 10 * 60_000,
    });
  }

  /** The caller of an `Authorization` header; `null` when there is none. */
  async fromAuthorizationHeader(header: string | undefined): Promise<Caller | null> {
    if (header === undefined || header === '') return null;
    return this.verify(bearerToken(header));
  }

  async verify(token: string): Promise<Caller> {
    return (await this.verifyToken(token)).caller;
  }

  /** The caller and when the token expires (a WebSocket ends then). */
  async verifyToken(token: string): Promise<{ caller: Caller; expiresAt: Date }> {
    const known = this.verified.get(token);
    if (known && known.expiresAt.getTime() > Date.now()) return known;
    if (known) this.verified.delete(token);
    const verified = await this.verifySignature(token);
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) {
      this.verified.delete(this.verified.keys().next().value!);
    }
    this.verified.set(token, verified);
    return verified;
  }

  private async verifySignature(token: string): Promise<{ caller: Caller; expiresAt: Date }> {
    try {
      const { payload } = await jwtVerify(token, this.keys, {
        issuer: TOKEN_ISSUER,
        audience: TOKEN_AUDIENCE,
        algorithms: TOKEN_ALGORITHMS,
        requiredClaims: ['sub', 'exp', 'rst', 'env', 'role'],
      });
      const { sub, rst, env, role, scopes, lim, exp } = payload;
      if (typeof sub !== 'string' || typeof rst !== 'string')
        throw new InvalidAccessToken('bad claims');
      if (!isEnvironment(env) || !isRole(role)) throw new InvalidAccessToken('bad claims');
      const caller: Caller = {
        restaurantId: rst,
        environment: env,
        keyId: sub,
        role,
        scopes: Array.isArray(scopes)
          ? scopes.filter((s): s is string => typeof s === 'string')
          : [],
        limits: parseKeyLimits(lim),
      };
      return { caller, expiresAt: new Date(exp! * 1000) };
    } catch (error) {
      if (error instanceof InvalidAccessToken) throw error;
      if (error instanceof errors.JWTExpired)
        throw new InvalidAccessToken('the access token has expired');
      throw new InvalidAccessToken('the access token is not valid');
    }
  }
}
