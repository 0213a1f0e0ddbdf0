import type { NewEvent } from '../../../platform/src/events/event-log';
import {
  advisoryLockQuery,
  OWN_ROWS,
  type SqlQuery,
} from '../../../platform/src/tenancy/tenant-database';
import type { Payment } from './entities/payment.entity';
import { paymentSnapshot } from './payment-snapshot';

/**
 * Serialises the changes of one order's payments (new payment, completion) for the rest of the
 * transaction, so that what is due and what is paid are computed from a stable set of payments,
 * also across replicas: the first statement of such a change (`TenantDatabase.lockThenWrite`).
 */
export function orderPaymentsLock(orderId: string): SqlQuery {
  return advisoryLockQuery(`payments:order:${orderId}`);
}

/**
 * The order's payments, oldest first (after `orderPaymentsLock`, it sees them settled);
 * `forUpdate` also locks their rows, for a change to one of them.
 */
export function orderPaymentsQuery(orderId: string, { forUpdate = false } = {}): SqlQuery {
  const lock = forUpdate ? ' for update' : '';
  return {
    sql: `select * from payments.payments where ${OWN_ROWS} and order_id = ? order by id${lock}`,
    params: [orderId],
  };
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

/** The statement waking the payment runners (of every replica) once the transaction commits. */
export const NOTIFY_RUNNERS: SqlQuery = { sql: `select pg_notify('sotto_payments', '')` };
