import { fromMilli, MAX_QUANTITY_MILLI, parseQuantity, toMilli } from './quantity';

describe('stock quantities in thousandths', () => {
  it('reads decimals exactly, up to three places', () => {
    expect(toMilli(12.5)).toBe(12_500);
    expect(toMilli(0.03)).toBe(30);
    expect(toMilli(0.1 + 0.2)).toBeUndefined(); // 0.30000000000000004: not three decimals
    expect(toMilli(-1.25)).toBe(-1_250);
    expect(toMilli(1.2345)).toBeUndefined();
    expect(toMilli(Number.NaN)).toBeUndefined();
    expect(toMilli(Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(toMilli(1e21)).toBeUndefined();
    expect(toMilli(MAX_QUANTITY_MILLI / 1000 + 1)).toBeUndefined();
  });

  it('writes them back as the same decimal', () => {
    for (const value of [0, 0.001, 0.03, 12.5, 999_999.999]) {
      expect(fromMilli(toMilli(value)!)).toBe(value);
    }
  });

  it('refuses what a rule forbids with INVALID_QUANTITY and the field', () => {
    expect(parseQuantity('quantity', 2, 'positive')).toBe(2_000);
    expect(() => parseQuantity('quantity', 0, 'positive')).toThrow(
      expect.objectContaining({ code: 'INVALID_QUANTITY' }),
    );
    expect(() => parseQuantity('quantity', -1, 'non-negative')).toThrow(
      expect.objectContaining({
        code: 'INVALID_QUANTITY',
        details: [expect.objectContaining({ field: 'quantity' })],
      }),
    );
    expect(parseQuantity('quantity', -1, 'non-zero')).toBe(-1_000);
    expect(() => parseQuantity('quantity', 0, 'non-zero')).toThrow();
  });
});
