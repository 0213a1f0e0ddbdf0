import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvent, type NewEvent } from '../../../platform/src/events/event-log';
import { OWN_ROWS, type SqlQuery } from '../../../platform/src/tenancy/tenant-database';
import { Payment } from './entities/payment.entity';
import { amountPaid } from './payment-rules';
import { paymentSnapshot } from './payment-snapshot';

/**
 * Serialises the changes of one order's payments (new payment, completion, refund) for the
 * rest of the transaction, so that what is due and what is paid are computed from a stable set
 * of payments, also across replicas.
 */
export async function lockOrderPayments(em: EntityManager, orderId: string): Promise<void> {
  const { sql, params } = orderPaymentsLock(orderId);
  await em.execute(sql, [...params!]);
}

/** `lockOrderPayments` as a statement, for the first message of a change in two round trips. */
export function orderPaymentsLock(orderId: string): SqlQuery {
  return {
    sql: 'select pg_advisory_xact_lock(hashtext(?))',
    params: [`payments:order:${orderId}`],
  };
}

/** `paymentsOfOrder` as a statement (after `orderPaymentsLock`, it sees the payments settled). */
export function orderPaymentsQuery(orderId: string): SqlQuery {
  return {
    sql: `select * from payments.payments where ${OWN_ROWS} and order_id = ? order by id`,
    params: [orderId],
  };
}

export async function paymentsOfOrder(em: EntityManager, orderId: string): Promise<Payment[]> {
  return em.find(Payment, { orderId }, { orderBy: { id: 'asc' }, refresh: true });
}

/**
 * `payment.completed` or `payment.failed` for a payment that just reached it, with what the
 * order has received so far (`paidCents`, this payment included) against its total.
 */
export function paymentOutcomeEvent(
  payment: Payment,
  paidCents: number,
  orderTotalCents: number | null,
): NewEvent {
  return {
    type: payment.status === 'completed' ? 'payment.completed' : 'payment.failed',
    tenant: payment.tenant(),
    aggregate: { type: 'payment', id: payment.id },
    payload: { payment: paymentSnapshot(payment, { paidCents, totalCents: orderTotalCents }) },
  };
}

/** Appends `paymentOutcomeEvent` for a payment that just reached it, in the caller's transaction. */
export async function recordPaymentOutcome(
  em: EntityManager,
  payment: Payment,
  orderTotalCents: number | null,
): Promise<void> {
  await em.flush();
  const paidCents = amountPaid(await paymentsOfOrder(em, payment.orderId));
  await recordEvent(em, paymentOutcomeEvent(payment, paidCents, orderTotalCents));
}

/** The statement waking the payment runners (of every replica) once the transaction commits. */
export const NOTIFY_RUNNERS: SqlQuery = { sql: `select pg_notify('sotto_payments', '')` };
