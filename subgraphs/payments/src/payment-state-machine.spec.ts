import {
  assertPaymentTransition,
  canChangePaymentStatus,
  PAYMENT_STATUSES,
} from './payment-state-machine';

describe('payment state machine', () => {
  it('walks every pair of statuses: only the listed transitions are allowed', () => {
    const allowed: string[] = [];
    for (const from of PAYMENT_STATUSES) {
      for (const to of PAYMENT_STATUSES) {
        if (canChangePaymentStatus(from, to)) allowed.push(`${from}→${to}`);
        else expect(() => assertPaymentTransition(from, to)).toThrow(/cannot go from/);
      }
    }
    expect(allowed).toEqual([
      'pending→processing',
      'pending→completed',
      'processing→processing',
      'processing→completed',
      'processing→failed',
    ]);
  });
});
