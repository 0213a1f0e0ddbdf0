import { hasPrefix, newId } from './ids';

/** The identifier's format as it was first written: BigInt arithmetic, uppercase then lowered. */
function referenceTime(now: number): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let value = BigInt(now);
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = alphabet[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out.toLowerCase();
}

describe('newId', () => {
  it('is the prefix, ten digits of milliseconds, then sixteen random digits', () => {
    const now = Date.UTC(2026, 10, 27, 16, 0, 0, 123);
    const id = newId('order', now);
    expect(id).toMatch(/^ord_[0-9a-hjkmnp-tv-z]{26}$/);
    expect(id.slice(4, 14)).toBe(referenceTime(now));
    expect(hasPrefix(id, 'order')).toBe(true);
  });

  it('writes the time as it always has, so identifiers of one kind keep sorting by time', () => {
    for (const now of [0, 1, 31, 32, 1_700_000_000_000, Date.now(), 2 ** 48 - 1]) {
      expect(newId('event', now).slice(4, 14)).toBe(referenceTime(now));
    }
    const earlier = newId('event', 1_800_000_000_000);
    const later = newId('event', 1_800_000_000_001);
    expect(earlier < later).toBe(true);
  });

  it('draws 80 fresh bits for each, every digit of the alphabet in every place', () => {
    const ids = Array.from({ length: 3_000 }, () => newId('orderItem', 0).slice(14));
    expect(new Set(ids).size).toBe(ids.length);
    for (let place = 0; place < 16; place++) {
      // 3,000 draws of 32 digits: each digit about 94 times in each place.
      const seen = new Set(ids.map((digits) => digits[place]));
      expect(seen.size).toBe(32);
    }
  });
});
