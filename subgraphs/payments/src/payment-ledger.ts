import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvent } from '../../../platform/src/events/event-log';
import { Payment } from './entities/payment.entity';
import { amountPaid } from './payment-rules';
import { paymentSnapshot } from './payment-snapshot';

/**
 * Serialises the changes of one order's payments (new payment, completion, refund) for the
 * rest of the transaction, so that what is due and what is paid are computed from a stable set
 * of payments, also across replicas.
 */
export async function lockOrderPayments(em: EntityManager, orderId: string): Promise<void> {
  await em.execute('select pg_advisory_xact_lock(hashtext(?))', [`payments:order:${orderId}`]);
}

export async function paymentsOfOrder(em: EntityManager, orderId: string): Promise<Payment[]> {
  return em.find(Payment, { orderId }, { orderBy: { id: 'asc' }, refresh: true });
}

/**
 * Appends `payment.completed` or `payment.failed` for a payment that just reached it, in the
 * caller's transaction, with what the order has received so far against its total.
 */
export async function recordPaymentOutcome(
  em: EntityManager,
  payment: Payment,
  orderTotalCents: number | null,
): Promise<void> {
  await em.flush();
  const paidCents = amountPaid(await paymentsOfOrder(em, payment.orderId));
  await recordEvent(em, {
    type: payment.status === 'completed' ? 'payment.completed' : 'payment.failed',
    tenant: payment.tenant(),
    aggregate: { type: 'payment', id: payment.id },
    payload: { payment: paymentSnapshot(payment, { paidCents, totalCents: orderTotalCents }) },
  });
}

/** Wakes the payment runners (of every replica) once the transaction commits. */
export async function notifyRunners(em: EntityManager): Promise<void> {
  await em.execute(`select pg_notify('sotto_payments', '')`);
}
