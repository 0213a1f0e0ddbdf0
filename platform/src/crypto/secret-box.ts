import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const VERSION = 'v1';

/**
 * Encrypts secrets that the platform must read back (a card terminal provider's credentials, a
 * webhook endpoint's signing secret), unlike API keys, which are only ever hashed. AES-256-GCM
 * with a fresh nonce per value; `context` is bound as associated data, so a sealed value copied
 * to another row or another restaurant does not open there.
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static fromKey(key: Buffer): SecretBox {
    if (key.length !== KEY_BYTES) throw new RangeError(`a secret key has ${KEY_BYTES} bytes`);
    return new SecretBox(Buffer.from(key));
  }

  /** A key given as base64 (`SOTTO_SECRETS_KEY`), 32 bytes once decoded. */
  static fromBase64(key: string): SecretBox {
    return SecretBox.fromKey(Buffer.from(key, 'base64'));
  }

  static generateKey(): Buffer {
    return randomBytes(KEY_BYTES);
  }

  /** `v1.<nonce>.<ciphertext>.<tag>`, each part base64url. */
  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(ALGORITHM, this.key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, body, cipher.getAuthTag()]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** The plaintext; throws when the value was altered, sealed with another key or context. */
  open(sealed: string, context: string): string {
    const [version, iv, body, tag] = sealed.split('.');
    if (version !== VERSION || !iv || body === undefined || !tag) {
      throw new Error('not a sealed secret');
    }
    const decipher = createDecipheriv(ALGORITHM, this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(body, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }
}
