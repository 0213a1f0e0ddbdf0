import { RandomPool } from './random-pool';

describe('RandomPool', () => {
  it('hands out bytes of the length asked, never the same ones twice, across refills', () => {
    const pool = new RandomPool(64);
    const seen = new Set<string>();
    // 100 draws of 12 bytes from 64: the pool is drawn again 20 times or so.
    for (let i = 0; i < 100; i++) {
      const bytes = pool.take(12);
      expect(bytes).toHaveLength(12);
      seen.add(bytes.toString('hex'));
    }
    expect(seen.size).toBe(100);
  });

  it('draws again rather than hand out a draw that would run past the end', () => {
    const pool = new RandomPool(16);
    const first = Buffer.from(pool.take(10));
    const second = pool.take(10);
    expect(second).toHaveLength(10);
    expect(second.equals(first)).toBe(false);
  });

  it('refuses a draw larger than the pool', () => {
    expect(() => new RandomPool(16).take(17)).toThrow(RangeError);
  });
});
