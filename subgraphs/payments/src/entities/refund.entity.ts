import { EntitySchema } from '@mikro-orm/postgresql';
import { newId } from '../../../../platform/src/ids';
import type { Environment } from '../../../../platform/src/tenancy/tenant';
import type { Payment } from './payment.entity';

/**
 * `pending`: the amount is set aside on the payment and the provider has been (or is about to
 * be) asked; `succeeded` or `failed` once it answers. Cash and other non-card refunds succeed at
 * once.
 */
export const REFUND_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

/**
 * A refund of all or part of a completed payment. A card refund is written `pending` before the
 * provider is asked, with our id as the provider's idempotency key, so that an answer lost in
 * transit is asked for again with the same id instead of refunding twice.
 */
export class Refund {
  readonly id = newId('refund');
  readonly restaurantId: string;
  readonly environment: Environment;
  readonly amountCents: number;
  readonly currency: string;
  readonly reason: string | null;
  status: RefundStatus;
  /** The provider's reference of a card refund. */
  providerReference: string | null = null;
  readonly createdAt = new Date();

  constructor(
    readonly payment: Payment,
    fields: { amountCents: number; reason?: string | null; status?: RefundStatus },
  ) {
    if (!Number.isSafeInteger(fields.amountCents) || fields.amountCents <= 0) {
      throw new RangeError('a refund is of a positive amount');
    }
    this.restaurantId = payment.restaurantId;
    this.environment = payment.environment;
    this.amountCents = fields.amountCents;
    this.currency = payment.currency;
    this.reason = fields.reason ?? null;
    this.status = fields.status ?? 'succeeded';
  }
}

export const RefundSchema = new EntitySchema<Refund>({
  class: Refund,
  tableName: 'refunds',
  properties: {
    id: { type: 'string', columnType: 'text', primary: true },
    payment: { kind: 'm:1', entity: 'Payment', deleteRule: 'cascade', updateRule: 'cascade' },
    restaurantId: { type: 'string', columnType: 'text' },
    environment: { type: 'string', columnType: 'text' },
    amountCents: { type: 'integer' },
    currency: { type: 'string', columnType: 'text' },
    reason: { type: 'string', columnType: 'text', nullable: true },
    status: { enum: true, items: () => [...REFUND_STATUSES] },
    providerReference: { type: 'string', columnType: 'text', nullable: true },
    createdAt: { type: 'Date' },
  },
  indexes: [
    { name: 'refunds_payment_idx', properties: ['payment', 'id'] },
    {
      name: 'refunds_pending_idx',
      expression: `create index "refunds_pending_idx" on "payments"."refunds" ("created_at")
        where "status" = 'pending'`,
    },
  ],
  checks: [{ name: 'refunds_amount_check', expression: 'amount_cents > 0' }],
});
