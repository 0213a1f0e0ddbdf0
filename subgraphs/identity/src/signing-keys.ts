import { calculateJwkThumbprint, exportJWK, generateKeyPair } from 'jose';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SigningKey } from './entities/signing-key.entity';

export const TOKEN_ALGORITHM = 'ES256';

/** How many keys verify tokens: the current one and the one before it. */
const VERIFYING_KEYS = 2;

async function newSigningKey(): Promise<SigningKey> {
  const pair = await generateKeyPair(TOKEN_ALGORITHM, { extractable: true });
  const publicJwk = await exportJWK(pair.publicKey);
  const kid = await calculateJwkThumbprint(publicJwk);
  return new SigningKey(
    kid,
    TOKEN_ALGORITHM,
    { ...(await exportJWK(pair.privateKey)) },
    {
      ...publicJwk,
    },
  );
}

/** Serialises key creation and rotation across processes. */
const lock = (tx: EntityManager) =>
  tx.execute(`select pg_advisory_xact_lock(hashtext('sotto:signing-key'))`);

/** The signing keys kept in the identity schema: the newest unretired one signs. */
export class SigningKeyStore {
  constructor(private readonly em: EntityManager) {}

  /** The kids of the keys in use, newest first: a cheap check for a rotation elsewhere. */
  async activeKids(): Promise<string[]> {
    const rows = await this.em
      .fork()
      .find(
        SigningKey,
        { retiredAt: null },
        { fields: ['kid'], orderBy: { createdAt: 'desc' }, limit: VERIFYING_KEYS },
      );
    return rows.map((row) => row.kid);
  }

  /** The keys in use, newest first, with the private part; creates the first key if none. */
  async loadOrCreate(): Promise<SigningKey[]> {
    return this.em.fork().transactional(async (tx) => {
      await lock(tx);
      const active = await this.active(tx);
      if (active.length) return active;
      const first = await newSigningKey();
      tx.persist(first);
      return [first];
    });
  }

  /**
   * Makes a new key the signing key and keeps the previous one for verification only, so
   * tokens signed before the rotation stay valid until they expire; older keys are retired.
   */
  async rotate(): Promise<{ current: string; previous: string | null; retired: string[] }> {
    return this.em.fork().transactional(async (tx) => {
      await lock(tx);
      const active = await this.active(tx);
      const next = await newSigningKey();
      tx.persist(next);
      const keep = active.slice(0, VERIFYING_KEYS - 1);
      const retire = active.slice(VERIFYING_KEYS - 1);
      for (const key of retire) key.retiredAt = new Date();
      return {
        current: next.kid,
        previous: keep[0]?.kid ?? null,
        retired: retire.map((key) => key.kid),
      };
    });
  }

  private active(tx: EntityManager): Promise<SigningKey[]> {
    return tx.find(
      SigningKey,
      { retiredAt: null },
      { orderBy: { createdAt: 'desc' }, populate: ['privateJwk'], limit: VERIFYING_KEYS },
    );
  }
}
