import {
  calculateJwkThumbprint,
  exportJWK,
  generateKeyPair,
  importJWK,
  importPKCS8,
  SignJWT,
  type JWK,
  type KeyLike,
} from 'jose';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SigningKey } from './entities/signing-key.entity';
import type { Caller } from '../../../platform/src/tenancy/tenant';

export const TOKEN_ISSUER = 'sotto';
export const TOKEN_AUDIENCE = 'sotto-api';
export const TOKEN_ALGORITHM = 'ES256';

/**
 * Signs access tokens with an ES256 key: the one given in `SOTTO_JWT_PRIVATE_KEY` (PKCS#8 PEM),
 * else a key pair generated once and kept in the identity schema so every replica and restart
 * signs with the same key.
 */
export class TokenSigner {
  private constructor(
    private readonly kid: string,
    private readonly privateKey: KeyLike | Uint8Array,
    private readonly publicJwks: JWK[],
  ) {}

  static async fromPem(pem: string): Promise<TokenSigner> {
    const privateKey = await importPKCS8(pem, TOKEN_ALGORITHM, { extractable: true });
    const { d: _d, ...publicJwk } = await exportJWK(privateKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    return new TokenSigner(kid, privateKey, [
      { ...publicJwk, kid, alg: TOKEN_ALGORITHM, use: 'sig' },
    ]);
  }

  static async fromDatabase(em: EntityManager): Promise<TokenSigner> {
    const current = await em.transactional(async (tx) => {
      await tx.execute(`select pg_advisory_xact_lock(hashtext('sotto:signing-key'))`);
      let key = await tx.findOne(
        SigningKey,
        { retiredAt: null },
        { orderBy: { createdAt: 'desc' }, populate: ['privateJwk'] },
      );
      if (!key) {
        const pair = await generateKeyPair(TOKEN_ALGORITHM, { extractable: true });
        const publicJwk = await exportJWK(pair.publicKey);
        const kid = await calculateJwkThumbprint(publicJwk);
        key = new SigningKey(
          kid,
          TOKEN_ALGORITHM,
          { ...(await exportJWK(pair.privateKey)) },
          {
            ...publicJwk,
          },
        );
        tx.persist(key);
      }
      return key;
    });
    const verifying = await em.find(
      SigningKey,
      { retiredAt: null },
      { orderBy: { createdAt: 'desc' } },
    );
    const privateKey = await importJWK(current.privateJwk as unknown as JWK, TOKEN_ALGORITHM);
    return new TokenSigner(
      current.kid,
      privateKey,
      verifying.map((k) => ({
        ...(k.publicJwk as unknown as JWK),
        kid: k.kid,
        alg: k.algorithm,
        use: 'sig',
      })),
    );
  }

  /** The public keys that verify tokens, as a JSON Web Key Set. */
  jwks(): { keys: JWK[] } {
    return { keys: this.publicJwks };
  }

  async sign(caller: Caller, ttlSeconds: number): Promise<string> {
    return new SignJWT({
      rst: caller.restaurantId,
      env: caller.environment,
      role: caller.role,
      scopes: caller.scopes,
    })
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid: this.kid, typ: 'JWT' })
      .setIssuer(TOKEN_ISSUER)
      .setAudience(TOKEN_AUDIENCE)
      .setSubject(caller.keyId)
      .setIssuedAt()
      .setExpirationTime(`${ttlSeconds}s`)
      .sign(this.privateKey);
  }
}
