import { EntitySchema } from '@mikro-orm/postgresql';
import { newId } from '../../../../platform/src/ids';
import type { Environment, Tenant } from '../../../../platform/src/tenancy/tenant';
import {
  assertPaymentTransition,
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  type PaymentMethod,
  type PaymentStatus,
} from '../payment-state-machine';

export interface PaymentFields {
  orderId: string;
  method: PaymentMethod;
  amountCents: number;
  tipCents: number;
  currency: string;
  provider?: string | null;
  terminalId?: string | null;
  /** Until when a terminal may wait for the card (card payments). */
  expiresAt?: Date | null;
}

/**
 * One payment of (part of) an order's bill, with a tip on top. Amounts are integer cents;
 * what was refunded is kept on the payment, and a check constraint with the row lock taken by
 * every refund keeps it within what was captured.
 */
export class Payment {
  readonly id = newId('payment');
  readonly restaurantId: string;
  readonly environment: Environment;
  readonly orderId: string;
  readonly method: PaymentMethod;
  status: PaymentStatus = 'pending';
  readonly provider: string | null;
  readonly terminalId: string | null;
  readonly amountCents: number;
  readonly tipCents: number;
  refundedCents = 0;
  readonly currency: string;
  failureReason: string | null = null;
  providerReference: string | null = null;
  /** How many times a runner claimed it: the fencing token of the latest claim. */
  attempts = 0;
  leaseUntil: Date | null = null;
  readonly expiresAt: Date | null;
  readonly createdAt = new Date();
  updatedAt = new Date();
  completedAt: Date | null = null;

  constructor(tenant: Tenant, fields: PaymentFields) {
    if (!Number.isSafeInteger(fields.amountCents) || fields.amountCents <= 0) {
      throw new RangeError('a payment is of a positive amount');
    }
    if (!Number.isSafeInteger(fields.tipCents) || fields.tipCents < 0) {
      throw new RangeError('a tip is zero or positive');
    }
    this.restaurantId = tenant.restaurantId;
    this.environment = tenant.environment;
    this.orderId = fields.orderId;
    this.method = fields.method;
    this.amountCents = fields.amountCents;
    this.tipCents = fields.tipCents;
    this.currency = fields.currency;
    this.provider = fields.provider ?? null;
    this.terminalId = fields.terminalId ?? null;
    this.expiresAt = fields.expiresAt ?? null;
  }

  tenant(): Tenant {
    return { restaurantId: this.restaurantId, environment: this.environment };
  }

  /** What the card (or the cash drawer) took: the amount and the tip. */
  capturedCents(): number {
    return this.status === 'completed' ? this.amountCents + this.tipCents : 0;
  }

  refundableCents(): number {
    return this.capturedCents() - this.refundedCents;
  }

  complete(providerReference: string | null, now = new Date()): void {
    assertPaymentTransition(this.status, 'completed');
    this.status = 'completed';
    this.providerReference = providerReference;
    this.leaseUntil = null;
    this.completedAt = now;
    this.updatedAt = now;
  }

  fail(reason: string, providerReference: string | null = null, now = new Date()): void {
    assertPaymentTransition(this.status, 'failed');
    this.status = 'failed';
    this.failureReason = reason;
    this.providerReference = providerReference;
    this.leaseUntil = null;
    this.updatedAt = now;
  }
}

export const PaymentSchema = new EntitySchema<Payment>({
  class: Payment,
  tableName: 'payments',
  properties: {
    id: { type: 'string', columnType: 'text', primary: true },
    restaurantId: { type: 'string', columnType: 'text' },
    environment: { type: 'string', columnType: 'text' },
    orderId: { type: 'string', columnType: 'text' },
    method: { enum: true, items: () => [...PAYMENT_METHODS] },
    status: { enum: true, items: () => [...PAYMENT_STATUSES] },
    provider: { type: 'string', columnType: 'text', nullable: true },
    terminalId: { type: 'string', columnType: 'text', nullable: true },
    amountCents: { type: 'integer' },
    tipCents: { type: 'integer' },
    refundedCents: { type: 'integer' },
    currency: { type: 'string', columnType: 'text' },
    failureReason: { type: 'string', columnType: 'text', nullable: true },
    providerReference: { type: 'string', columnType: 'text', nullable: true },
    attempts: { type: 'integer' },
    leaseUntil: { type: 'Date', nullable: true },
    expiresAt: { type: 'Date', nullable: true },
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date' },
    completedAt: { type: 'Date', nullable: true },
  },
  indexes: [
    { name: 'payments_tenant_order_idx', properties: ['restaurantId', 'environment', 'orderId'] },
    { name: 'payments_runnable_idx', properties: ['status', 'leaseUntil'] },
  ],
  checks: [
    { name: 'payments_amount_check', expression: 'amount_cents > 0' },
    { name: 'payments_tip_check', expression: 'tip_cents >= 0' },
    {
      name: 'payments_refunded_check',
      expression: 'refunded_cents >= 0 and refunded_cents <= amount_cents + tip_cents',
    },
  ],
});
