import type { Payment } from './entities/payment.entity';

/** Where the order stands once a payment changed, as payments sees it. */
export interface OrderSettlement {
  /** Completed payments of the order (amounts, not tips), less their refunds. */
  paidCents: number;
  /** The order's total, or null when the orders subgraph could not say. */
  totalCents: number | null;
}

/**
 * The payment as an event carries it: amounts in integer cents, names in snake_case, with the
 * order's settlement. `order_paid_cents` is what the orders domain compares with its own total.
 */
export function paymentSnapshot(payment: Payment, settlement: OrderSettlement) {
  return {
    payment_id: payment.id,
    order_id: payment.orderId,
    status: payment.status,
    method: payment.method,
    provider: payment.provider,
    terminal_id: payment.terminalId,
    amount_cents: payment.amountCents,
    tip_cents: payment.tipCents,
    refunded_cents: payment.refundedCents,
    refundable_cents: payment.refundableCents(),
    currency: payment.currency,
    failure_reason: payment.failureReason,
    provider_reference: payment.providerReference,
    order_total_cents: settlement.totalCents,
    order_paid_cents: settlement.paidCents,
    order_settled: settlement.totalCents !== null && settlement.paidCents >= settlement.totalCents,
    created_at: payment.createdAt.toISOString(),
    updated_at: payment.updatedAt.toISOString(),
    completed_at: payment.completedAt?.toISOString() ?? null,
  };
}

export type PaymentSnapshot = ReturnType<typeof paymentSnapshot>;
