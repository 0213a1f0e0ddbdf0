import { IllegalTransitionError } from '../../../platform/src/errors';

export const PAYMENT_METHODS = ['card', 'cash', 'meal_voucher'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const PAYMENT_STATUSES = ['pending', 'processing', 'completed', 'failed'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/**
 * Every allowed change of a payment's status. A card payment waits (`pending`) until the
 * payment runner claims it for a terminal (`processing`); the terminal approves or declines it.
 * A runner that died leaves it `processing`: another claims it again (`processing → processing`)
 * once its lease has run out. Cash and meal vouchers go from `pending` to `completed` at once.
 */
export const PAYMENT_TRANSITIONS: Readonly<Record<PaymentStatus, readonly PaymentStatus[]>> = {
  pending: ['processing', 'completed'],
  processing: ['processing', 'completed', 'failed'],
  completed: [],
  failed: [],
};

/** Payments whose amount counts against what the order owes: done, or on their way. */
export const COUNTED_PAYMENT_STATUSES: readonly PaymentStatus[] = [
  'pending',
  'processing',
  'completed',
];

export function canChangePaymentStatus(from: PaymentStatus, to: PaymentStatus): boolean {
  return PAYMENT_TRANSITIONS[from].includes(to);
}

export function assertPaymentTransition(from: PaymentStatus, to: PaymentStatus): void {
  if (!canChangePaymentStatus(from, to)) {
    throw new IllegalTransitionError('A payment', from, to, PAYMENT_TRANSITIONS[from]);
  }
}
