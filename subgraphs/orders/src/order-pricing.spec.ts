import { priceOrder } from './order-pricing';

const line = (
  quantity: number,
  unitPriceCents: number,
  taxRateBasisPoints = 1000,
  cancelled = false,
) => ({
  quantity,
  unitPriceCents,
  taxRateBasisPoints,
  cancelled,
});

describe('order pricing', () => {
  it('prices the spec example: 12.50 + 4.50 = 17.00, tax 1.70, total 18.70', () => {
    expect(priceOrder([line(1, 1250), line(1, 450)])).toEqual({
      subtotalCents: 1700,
      taxCents: 170,
      totalCents: 1870,
    });
  });

  it('rounds tax once per VAT rate, not per line', () => {
    // three lines of 0.05 at 10 %: per line 0.005 → 0.01 each (0.03); per rate 0.015 → 0.02
    expect(priceOrder([line(1, 5), line(1, 5), line(1, 5)]).taxCents).toBe(2);
  });

  it('keeps VAT rates apart: food at 10 %, wine at 20 %', () => {
    expect(priceOrder([line(2, 1250), line(1, 650, 2000)])).toEqual({
      subtotalCents: 3150,
      taxCents: 250 + 130,
      totalCents: 3530,
    });
  });

  it('ignores cancelled lines and prices an empty order at zero', () => {
    expect(priceOrder([line(1, 1250), line(3, 450, 1000, true)]).subtotalCents).toBe(1250);
    expect(priceOrder([])).toEqual({ subtotalCents: 0, taxCents: 0, totalCents: 0 });
  });
});
