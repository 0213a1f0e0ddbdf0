import { EntitySchema } from '@mikro-orm/postgresql';
import { newId } from '../../../../platform/src/ids';
import type { Environment } from '../../../../platform/src/tenancy/tenant';
import type { Payment } from './payment.entity';

/** A refund of all or part of a completed payment; never changed once written. */
export class Refund {
  readonly id = newId('refund');
  readonly restaurantId: string;
  readonly environment: Environment;
  readonly amountCents: number;
  readonly currency: string;
  readonly reason: string | null;
  readonly status = 'succeeded';
  /** The provider's reference of a card refund. */
  providerReference: string | null = null;
  readonly createdAt = new Date();

  constructor(
    readonly payment: Payment,
    fields: { amountCents: number; reason?: string | null },
  ) {
    if (!Number.isSafeInteger(fields.amountCents) || fields.amountCents <= 0) {
      throw new RangeError('a refund is of a positive amount');
    }
    this.restaurantId = payment.restaurantId;
    this.environment = payment.environment;
    this.amountCents = fields.amountCents;
    this.currency = payment.currency;
    this.reason = fields.reason ?? null;
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
    status: { type: 'string', columnType: 'text' },
    providerReference: { type: 'string', columnType: 'text', nullable: true },
    createdAt: { type: 'Date' },
  },
  indexes: [{ name: 'refunds_payment_idx', properties: ['payment', 'id'] }],
  checks: [{ name: 'refunds_amount_check', expression: 'amount_cents > 0' }],
});
