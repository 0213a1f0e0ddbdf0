import { formatInstant } from '../../../platform/src/graphql/scalars';
import type { PaymentSnapshot } from '../../../subgraphs/payments/src/payment-snapshot';
import { z } from 'zod';
import {
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
} from '../../../subgraphs/payments/src/payment-state-machine';
import { Decimal, type WithDecimals } from './decimal-json';
import { instant, lowerCase as lower, money } from './openapi/json-schemas';
import { responseSchema } from './openapi/rest-operation';

/** The payment fields every REST answer selects, in the gateway's GraphQL. */
export const PAYMENT_FIELDS = /* GraphQL */ `
  fragment RestPayment on Payment {
    id
    orderId
    status
    method
    provider
    terminalId
    amount {
      cents
    }
    tip {
      cents
    }
    refunded {
      cents
    }
    refundable {
      cents
    }
    currency
    failureReason
    createdAt
    updatedAt
    completedAt
  }
`;

export const REFUND_FIELDS = /* GraphQL */ `
  fragment RestRefund on Refund {
    id
    amount {
      cents
    }
    reason
    status
    createdAt
    payment {
      ...RestPayment
    }
  }
`;

export interface GraphQLPayment {
  id: string;
  orderId: string;
  status: string;
  method: string;
  provider: string | null;
  terminalId: string | null;
  amount: { cents: number };
  tip: { cents: number };
  refunded: { cents: number };
  refundable: { cents: number };
  currency: string;
  failureReason: string | null;
  createdAt: string;
  updatedAt: string;
  completedAt: string | null;
}

export interface GraphQLRefund {
  id: string;
  amount: { cents: number };
  reason: string | null;
  status: string;
  createdAt: string;
  payment: GraphQLPayment;
}

export const PaymentJson = responseSchema(
  'Payment',
  z.object({
    payment_id: z.string(),
    order_id: z.string(),
    status: z.enum(PAYMENT_STATUSES),
    method: z.enum(PAYMENT_METHODS),
    provider: z.string().nullable(),
    terminal_id: z.string().nullable(),
    amount: money,
    tip: money,
    total: money.meta({ description: 'amount + tip' }),
    refunded: money,
    refundable: money,
    currency: z.string(),
    failure_reason: z.string().nullable(),
    created_at: instant,
    updated_at: instant,
    completed_at: instant.nullable(),
  }),
  {
    description: 'A payment on an order; a card payment is pending until its terminal answers',
    examples: [
      {
        payment_id: 'pay_7Kq2mX9aLp',
        order_id: 'ord_38592',
        status: 'completed',
        method: 'cash',
        provider: null,
        terminal_id: null,
        amount: 18.7,
        tip: 2,
        total: 20.7,
        refunded: 0,
        refundable: 18.7,
        currency: 'EUR',
        failure_reason: null,
        created_at: '2023-09-15T15:10:02Z',
        updated_at: '2023-09-15T15:10:02Z',
        completed_at: '2023-09-15T15:10:02Z',
      },
    ],
  },
);

export const RefundJson = responseSchema(
  'Refund',
  z.object({
    refund_id: z.string(),
    payment_id: z.string(),
    order_id: z.string(),
    status: z.string(),
    amount: money,
    currency: z.string(),
    reason: z.string().nullable(),
    created_at: instant,
    payment: PaymentJson,
  }),
  { description: 'A refund, with the payment as it stands after it' },
);

/** A payment in the JSON: amounts as decimals (`12.50`), `total` = amount + tip. */
export function paymentJson(payment: GraphQLPayment): WithDecimals<z.infer<typeof PaymentJson>> {
  return {
    payment_id: payment.id,
    order_id: payment.orderId,
    status: lower(payment.status),
    method: lower(payment.method),
    provider: payment.provider,
    terminal_id: payment.terminalId,
    amount: new Decimal(payment.amount.cents),
    tip: new Decimal(payment.tip.cents),
    total: new Decimal(payment.amount.cents + payment.tip.cents),
    refunded: new Decimal(payment.refunded.cents),
    refundable: new Decimal(payment.refundable.cents),
    currency: payment.currency,
    failure_reason: payment.failureReason,
    created_at: payment.createdAt,
    updated_at: payment.updatedAt,
    completed_at: payment.completedAt,
  };
}

export function refundJson(refund: GraphQLRefund): WithDecimals<z.infer<typeof RefundJson>> {
  return {
    refund_id: refund.id,
    payment_id: refund.payment.id,
    order_id: refund.payment.orderId,
    status: refund.status,
    amount: new Decimal(refund.amount.cents),
    currency: refund.payment.currency,
    reason: refund.reason,
    created_at: refund.createdAt,
    payment: paymentJson(refund.payment),
  };
}

/**
 * An event's payment snapshot read as the GraphQL answer `paymentJson` maps: renaming only, so
 * that webhooks show a payment exactly as `GET /api/v1/payments/{id}` does.
 */
export function paymentFromSnapshot(payment: PaymentSnapshot): GraphQLPayment {
  const instant = (value: string | null) => (value ? formatInstant(new Date(value)) : null);
  return {
    id: payment.payment_id,
    orderId: payment.order_id,
    status: payment.status,
    method: payment.method,
    provider: payment.provider,
    terminalId: payment.terminal_id,
    amount: { cents: payment.amount_cents },
    tip: { cents: payment.tip_cents },
    refunded: { cents: payment.refunded_cents },
    refundable: { cents: payment.refundable_cents },
    currency: payment.currency,
    failureReason: payment.failure_reason,
    createdAt: instant(payment.created_at)!,
    updatedAt: instant(payment.updated_at)!,
    completedAt: instant(payment.completed_at),
  };
}
