import type { MikroORM } from '@mikro-orm/postgresql';
import type { StoredEvent } from '../../../platform/src/events/event-log';
import { hasPrefix } from '../../../platform/src/ids';
import type { Logger } from '../../../platform/src/logger';
import { TenantDatabase } from '../../../platform/src/tenancy/tenant-database';
import { changeOrder } from './order-change';
import { assertOrderTransition } from './order-state-machine';

/** What orders reads of a `payment.completed` event (see payments' `paymentSnapshot`). */
interface PaymentSnapshot {
  order_id: string;
  order_paid_cents: number;
  currency: string;
}

function snapshotOf(event: StoredEvent): PaymentSnapshot | null {
  const payment = (event.payload as { payment?: Partial<PaymentSnapshot> }).payment;
  if (
    !payment ||
    typeof payment.order_id !== 'string' ||
    !hasPrefix(payment.order_id, 'order') ||
    !Number.isSafeInteger(payment.order_paid_cents) ||
    typeof payment.currency !== 'string'
  ) {
    return null;
  }
  return payment as PaymentSnapshot;
}

/**
 * "The order is paid by itself, once": reads `payment.completed` from the event log and marks a
 * served order `paid` when what its payments received (completed amounts less refunds, as of
 * that payment) covers the order's total as orders knows it now. The change and its
 * `order.status_changed` event commit in one transaction under the order's row lock
 * (`changeOrder`: two round trips). The order
 * keeps the log sequence of the event its `paid_cents` comes from, and an event not later than
 * it is left alone: a replayed event (the consumer died before moving its cursor), a second
 * replica, or an earlier payment's event handled after a later one's changes nothing:
 * at-least-once delivery, in any order, exactly-once effect.
 *
 * The state machine only allows `served → paid`. An order settled before it is served (a
 * pay-first counter) keeps its status, with what was paid noted on it (`paid_cents`): the
 * kitchen still moves it along, and the change to `served` takes it on to `paid` at once (see
 * `OrdersService.changeStatus`).
 */
export class OrderSettlement {
  constructor(
    private readonly orm: MikroORM,
    private readonly logger?: Logger,
  ) {}

  async handle(event: StoredEvent): Promise<void> {
    if (event.type !== 'payment.completed') return;
    const payment = snapshotOf(event);
    if (!payment) {
      this.logger?.warn({ event: event.id }, 'payment event without a payment snapshot: skipped');
      return;
    }
    const db = new TenantDatabase(this.orm.em, {
      restaurantId: event.restaurantId,
      environment: event.environment,
    });
    await changeOrder(db, payment.order_id, (order, events) => {
      if (!order || order.currency !== payment.currency) return;
      // The same event again, or an earlier payment's handled after a later one's.
      if (BigInt(event.seq) <= BigInt(order.paidAsOfSeq)) return;
      order.paidCents = payment.order_paid_cents;
      order.paidAsOfSeq = event.seq;
      if (order.status !== 'served' || !order.isSettled()) return;
      assertOrderTransition(order.status, 'paid');
      order.status = 'paid';
      order.touch();
      events.push({
        type: 'order.status_changed',
        extra: { previous_status: 'served', payment_id: event.aggregateId },
      });
    });
  }
}
