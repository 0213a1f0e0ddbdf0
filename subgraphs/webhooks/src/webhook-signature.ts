import { createHmac, randomBytes } from 'node:crypto';
import { z } from 'zod';

const PREFIX = 'whsec_';
/** Standard Webhooks asks for secrets of 24 to 64 bytes; we generate 32. */
const GENERATED_BYTES = 32;

/**
 * A secret the integrator may give: `whsec_<base64 of 24–64 bytes>`, decoded as the Standard
 * Webhooks specification says, or any other string of 16 to 256 characters (the spec's
 * `"votre_clé_secrète"`), whose UTF-8 bytes are the key.
 */
export const WebhookSecret = z
  .string()
  .min(16)
  .max(256)
  .refine(
    (secret) => {
      if (!secret.startsWith(PREFIX)) return true;
      const encoded = secret.slice(PREFIX.length);
      const bytes = Buffer.from(encoded, 'base64');
      return (
        /^[A-Za-z0-9+/]+={0,2}$/.test(encoded) &&
        bytes.toString('base64').replace(/=+$/, '') === encoded.replace(/=+$/, '') &&
        bytes.length >= 24 &&
        bytes.length <= 64
      );
    },
    { message: 'a whsec_ secret must be whsec_ and the base64 of 24 to 64 bytes' },
  );

export function generateWebhookSecret(): string {
  return PREFIX + randomBytes(GENERATED_BYTES).toString('base64');
}

/** The HMAC key of a secret: the decoded bytes of `whsec_…`, else the string's UTF-8 bytes. */
export function signingKey(secret: string): Buffer {
  return secret.startsWith(PREFIX)
    ? Buffer.from(secret.slice(PREFIX.length), 'base64')
    : Buffer.from(secret, 'utf8');
}

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * The Standard Webhooks headers of one attempt: `v1,<base64 HMAC-SHA256 of id.timestamp.body>`
 * for each secret that signs (two during a rotation's overlap), separated by spaces.
 */
export function signWebhook(
  secrets: readonly string[],
  message: { id: string; body: string; timestamp: Date },
): SignedHeaders {
  const seconds = Math.floor(message.timestamp.getTime() / 1000);
  const content = `${message.id}.${seconds}.${message.body}`;
  const signatures = secrets.map(
    (secret) =>
      `v1,${createHmac('sha256', signingKey(secret)).update(content, 'utf8').digest('base64')}`,
  );
  return {
    'webhook-id': message.id,
    'webhook-timestamp': String(seconds),
    'webhook-signature': signatures.join(' '),
  };
}
