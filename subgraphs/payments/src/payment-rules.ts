import { DomainError, ValidationFailed } from '../../../platform/src/errors';
import { centsToDecimalString } from '../../../platform/src/money';
import {
  COUNTED_PAYMENT_STATUSES,
  type PaymentMethod,
  type PaymentStatus,
} from './payment-state-machine';

/** What the rules read of an order's earlier payments. */
export interface PaymentLine {
  status: PaymentStatus;
  amountCents: number;
  refundedCents: number;
}

/**
 * What an order still owes: its total, less the payments done or on their way, plus what was
 * refunded of them; never below zero (tips refunded count as refunds of the bill).
 */
export function amountDue(totalCents: number, payments: readonly PaymentLine[]): number {
  const counted = payments
    .filter((payment) => COUNTED_PAYMENT_STATUSES.includes(payment.status))
    .reduce((sum, payment) => sum + payment.amountCents - payment.refundedCents, 0);
  return Math.max(0, totalCents - counted);
}

/** Completed payments' amounts less their refunds: what the bill has received. */
export function amountPaid(payments: readonly PaymentLine[]): number {
  return payments
    .filter((payment) => payment.status === 'completed')
    .reduce((sum, payment) => sum + payment.amountCents - payment.refundedCents, 0);
}

export interface PaymentRequest {
  method: PaymentMethod;
  amountCents?: number | null;
  tipCents: number;
}

/**
 * The amount a new payment takes: what was asked, or by default what is due. Refuses a payment
 * when nothing is due, more than is due, and a meal-voucher payment over the legal cap.
 */
export function resolveAmount(
  request: PaymentRequest,
  dueCents: number,
  mealVoucherCapCents: number,
): number {
  const amount = request.amountCents ?? dueCents;
  if (dueCents === 0) {
    throw new DomainError('ORDER_NOT_PAYABLE', 'Nothing is left to pay on this order', {
      amount_due: centsToDecimalString(0),
    });
  }
  if (amount > dueCents) {
    throw new DomainError(
      'AMOUNT_EXCEEDS_DUE',
      `The order owes ${centsToDecimalString(dueCents)}: a payment cannot take more`,
      { amount_due: centsToDecimalString(dueCents), amount: centsToDecimalString(amount) },
    );
  }
  if (request.method === 'meal_voucher' && amount > mealVoucherCapCents) {
    throw new DomainError(
      'MEAL_VOUCHER_CAP_EXCEEDED',
      `Meal vouchers pay at most ${centsToDecimalString(mealVoucherCapCents)} a day`,
      { cap: centsToDecimalString(mealVoucherCapCents), amount: centsToDecimalString(amount) },
    );
  }
  return amount;
}

const MAX_CENTS = 100_000_000;

/** Refuses amounts that are not whole, positive cents within a sane range. */
export function validateCents(field: string, value: number | null | undefined, allowZero = false) {
  if (value == null) return;
  const min = allowZero ? 0 : 1;
  if (!Number.isSafeInteger(value) || value < min || value > MAX_CENTS) {
    throw new ValidationFailed('INVALID_FIELD', `Invalid ${field}`, [
      {
        field,
        message: `must be ${allowZero ? 'zero or more' : 'more than zero'}, with at most two decimals, up to 1000000.00`,
      },
    ]);
  }
}
