import {
  calculateJwkThumbprint,
  exportJWK,
  importJWK,
  importPKCS8,
  SignJWT,
  type JWK,
  type KeyLike,
} from 'jose';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from '../../../platform/src/tenancy/tenant';
import { SigningKeyStore, TOKEN_ALGORITHM } from './signing-keys';

export { TOKEN_ALGORITHM };
export const TOKEN_ISSUER = 'sotto';
export const TOKEN_AUDIENCE = 'sotto-api';

/** How often a signer looks for a rotation made by another process. */
const KEY_SET_CHECK_INTERVAL_MS = 1000;

interface KeyRing {
  kids: string[];
  kid: string;
  privateKey: KeyLike | Uint8Array;
  publicJwks: JWK[];
}

const publicJwkOf = (jwk: object, kid: string): JWK => {
  const { d: _private, ...publicPart } = jwk as JWK;
  return { ...publicPart, kid, alg: TOKEN_ALGORITHM, use: 'sig' };
};

/**
 * Signs access tokens with ES256: with the key given in `SOTTO_JWT_PRIVATE_KEY` (PKCS#8 PEM),
 * else with the newest key of the identity schema, shared by every replica. Before each use it
 * checks which keys are current (at most once a second), so `npm run sotto -- jwt rotate` takes
 * effect within a second in every process; the previous key keeps verifying the tokens it
 * signed until they expire.
 */
export class TokenSigner {
  private checkedAt = 0;

  private constructor(
    private ring: KeyRing,
    private readonly store: SigningKeyStore | null,
  ) {}

  static async fromPem(pem: string): Promise<TokenSigner> {
    const privateKey = await importPKCS8(pem, TOKEN_ALGORITHM, { extractable: true });
    const jwk = await exportJWK(privateKey);
    const kid = await calculateJwkThumbprint(publicJwkOf(jwk, ''));
    return new TokenSigner(
      { kids: [kid], kid, privateKey, publicJwks: [publicJwkOf(jwk, kid)] },
      null,
    );
  }

  static async fromDatabase(em: EntityManager): Promise<TokenSigner> {
    const store = new SigningKeyStore(em);
    return new TokenSigner(await TokenSigner.load(store), store);
  }

  private static async load(store: SigningKeyStore): Promise<KeyRing> {
    const keys = await store.loadOrCreate();
    const current = keys[0]!;
    return {
      kids: keys.map((key) => key.kid),
      kid: current.kid,
      privateKey: await importJWK(current.privateJwk as unknown as JWK, TOKEN_ALGORITHM),
      publicJwks: keys.map((key) => publicJwkOf(key.publicJwk, key.kid)),
    };
  }

  /**
   * The key ring, reloaded when another process rotated the keys. The check is one small query,
   * made at most once a second, so that the public JWKS endpoint cannot be turned into a
   * database load.
   */
  private async current(): Promise<KeyRing> {
    if (!this.store || Date.now() - this.checkedAt < KEY_SET_CHECK_INTERVAL_MS) return this.ring;
    this.checkedAt = Date.now();
    const kids = await this.store.activeKids();
    if (kids.join() !== this.ring.kids.join()) this.ring = await TokenSigner.load(this.store);
    return this.ring;
  }

  /** The public keys that verify tokens, as a JSON Web Key Set: the current and previous. */
  async jwks(): Promise<{ keys: JWK[] }> {
    return { keys: (await this.current()).publicJwks };
  }

  async sign(caller: Caller, ttlSeconds: number): Promise<string> {
    const ring = await this.current();
    return new SignJWT({
      rst: caller.restaurantId,
      env: caller.environment,
      role: caller.role,
      scopes: caller.scopes,
      ...(caller.limits ? { lim: caller.limits } : {}),
    })
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid: ring.kid, typ: 'JWT' })
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setSubject(caller.keyId)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(ring.privateKey);
  }
}
