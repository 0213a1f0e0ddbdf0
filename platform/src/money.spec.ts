import { centsToDecimalString, decimalToCents, roundHalfAwayFromZero, taxOn } from './money';

describe('money', () => {
  it('computes the spec example: 10 % of 17.00 is 1.70', () => {
    expect(taxOn(1700, 1000)).toBe(170);
  });

  it.each([
    [5, 10, 1], // 0.5 → 1
    [15, 10, 2], // 1.5 → 2
    [14, 10, 1],
    [-5, 10, -1], // half away from zero, not banker's rounding
    [-15, 10, -2],
    [25, 10, 3],
    [0, 7, 0],
  ])('rounds %i / %i half away from zero to %i', (numerator, denominator, expected) => {
    expect(roundHalfAwayFromZero(numerator, denominator)).toBe(expected);
  });

  it('rounds VAT to the cent: 5.5 % of 0.99 is 0.05, 20 % of 0.03 is 0.01', () => {
    expect(taxOn(99, 550)).toBe(5); // 5.445 cents
    expect(taxOn(3, 2000)).toBe(1); // 0.6 cent
    expect(taxOn(125, 1000)).toBe(13); // 12.5 cents → 13
  });

  it('refuses non-integer input rather than rounding floats', () => {
    expect(() => roundHalfAwayFromZero(1.5, 10)).toThrow(RangeError);
    expect(() => roundHalfAwayFromZero(1, 0)).toThrow(RangeError);
  });

  it.each([
    [1250, '12.50'],
    [450, '4.50'],
    [1870, '18.70'],
    [5, '0.05'],
    [0, '0.00'],
    [-170, '-1.70'],
    [123456789, '1234567.89'],
  ])('shows %i cents as %s', (cents, text) => {
    expect(centsToDecimalString(cents)).toBe(text);
  });

  it('parses decimals without floating point error', () => {
    expect(decimalToCents('12.50')).toBe(1250);
    expect(decimalToCents(0.1 + 0.2 === 0.3 ? '0.3' : '0.30')).toBe(30);
    expect(decimalToCents(4.5)).toBe(450);
    expect(decimalToCents('-1.7')).toBe(-170);
    expect(() => decimalToCents('1.234')).toThrow(RangeError);
    expect(() => decimalToCents('abc')).toThrow(RangeError);
  });
});
