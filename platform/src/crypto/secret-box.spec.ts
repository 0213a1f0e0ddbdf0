import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = SecretBox.fromKey(SecretBox.generateKey());

  it('opens what it sealed, with the same context', () => {
    const sealed = box.seal('sk_test_provider_secret', 'rst_1:sandbox:stripe');
    expect(sealed).not.toContain('sk_test_provider_secret');
    expect(box.open(sealed, 'rst_1:sandbox:stripe')).toBe('sk_test_provider_secret');
  });

  it('seals the same text differently each time', () => {
    expect(box.seal('same', 'ctx')).not.toBe(box.seal('same', 'ctx'));
  });

  it('refuses another context, another key and an altered value', () => {
    const sealed = box.seal('secret', 'rst_1:sandbox');
    expect(() => box.open(sealed, 'rst_2:sandbox')).toThrow();
    expect(() =>
      SecretBox.fromKey(SecretBox.generateKey()).open(sealed, 'rst_1:sandbox'),
    ).toThrow();
    const parts = sealed.split('.');
    parts[2] = Buffer.from('tampered').toString('base64url');
    expect(() => box.open(parts.join('.'), 'rst_1:sandbox')).toThrow();
    expect(() => box.open('garbage', 'rst_1:sandbox')).toThrow('not a sealed secret');
  });

  it('takes only 32-byte keys', () => {
    expect(() => SecretBox.fromBase64(Buffer.alloc(16).toString('base64'))).toThrow(RangeError);
  });
});
