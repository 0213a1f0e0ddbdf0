import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret, signingKey, signWebhook, WebhookSecret } from './webhook-signature';

const message = { id: 'evt_test', body: '{"type":"order.created"}', timestamp: new Date() };

describe('Standard Webhooks signatures', () => {
  it('a generated secret is whsec_ and 32 random bytes, and the library verifies it', () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_/);
    expect(signingKey(secret)).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
    const headers = signWebhook([secret], message);
    expect(new Webhook(secret).verify(message.body, { ...headers })).toEqual({
      type: 'order.created',
    });
  });

  it('a plain secret is its UTF-8 bytes', () => {
    expect(signingKey('votre_clé_secrète')).toEqual(Buffer.from('votre_clé_secrète', 'utf8'));
    const headers = signWebhook(['votre_clé_secrète'], message);
    const verifier = new Webhook(new TextEncoder().encode('votre_clé_secrète') as never, {
      format: 'raw',
    });
    expect(() => verifier.verify(message.body, { ...headers })).not.toThrow();
  });

  it('two secrets give two signatures, each verifiable', () => {
    const [a, b] = [generateWebhookSecret(), generateWebhookSecret()];
    const headers = signWebhook([a, b], message);
    expect(headers['webhook-signature'].split(' ')).toHaveLength(2);
    for (const secret of [a, b]) {
      expect(() => new Webhook(secret).verify(message.body, { ...headers })).not.toThrow();
    }
  });

  it('accepts plain secrets of 16+ characters and well-formed whsec_ secrets only', () => {
    expect(WebhookSecret.safeParse('votre_clé_secrète').success).toBe(true);
    expect(WebhookSecret.safeParse('short').success).toBe(false);
    expect(WebhookSecret.safeParse(generateWebhookSecret()).success).toBe(true);
    expect(WebhookSecret.safeParse('whsec_not base64 at all!!').success).toBe(false);
    expect(WebhookSecret.safeParse(`whsec_${Buffer.alloc(8).toString('base64')}`).success).toBe(
      false,
    );
  });
});
