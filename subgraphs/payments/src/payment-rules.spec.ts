import { amountDue, amountPaid, resolveAmount } from './payment-rules';

const paid = (amountCents: number, refundedCents = 0) =>
  ({ status: 'completed', amountCents, refundedCents }) as const;

describe('payment rules', () => {
  it('what is due: the total less payments done or running, plus refunds; failed ones do not count', () => {
    expect(amountDue(1870, [])).toBe(1870);
    expect(
      amountDue(1870, [
        paid(1000),
        { status: 'processing', amountCents: 500, refundedCents: 0 },
        { status: 'failed', amountCents: 870, refundedCents: 0 },
      ]),
    ).toBe(370);
    expect(amountDue(1870, [paid(1870, 300)])).toBe(300);
    expect(amountDue(1870, [paid(1870), paid(100)])).toBe(0);
  });

  it('what is paid: completed amounts less their refunds', () => {
    expect(
      amountPaid([paid(1000, 200), { status: 'pending', amountCents: 870, refundedCents: 0 }]),
    ).toBe(800);
  });

  it('the amount defaults to what is due; more than due, or nothing due, is refused', () => {
    expect(resolveAmount({ method: 'cash', tipCents: 0 }, 1870, 2500)).toBe(1870);
    expect(resolveAmount({ method: 'cash', amountCents: 1000, tipCents: 0 }, 1870, 2500)).toBe(
      1000,
    );
    expect(() =>
      resolveAmount({ method: 'cash', amountCents: 1871, tipCents: 0 }, 1870, 2500),
    ).toThrow(expect.objectContaining({ code: 'AMOUNT_EXCEEDS_DUE' }));
    expect(() => resolveAmount({ method: 'card', tipCents: 0 }, 0, 2500)).toThrow(
      expect.objectContaining({ code: 'ORDER_NOT_PAYABLE' }),
    );
  });

  it('meal vouchers are capped per payment, other methods are not', () => {
    expect(
      resolveAmount({ method: 'meal_voucher', amountCents: 2500, tipCents: 0 }, 9000, 2500),
    ).toBe(2500);
    expect(() => resolveAmount({ method: 'meal_voucher', tipCents: 0 }, 9000, 2500)).toThrow(
      expect.objectContaining({ code: 'MEAL_VOUCHER_CAP_EXCEEDED' }),
    );
    expect(resolveAmount({ method: 'card', tipCents: 0 }, 9000, 2500)).toBe(9000);
  });
});
