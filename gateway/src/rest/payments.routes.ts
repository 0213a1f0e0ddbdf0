import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { decimalToCents } from '../../../platform/src/money';
import { PAYMENT_METHODS } from '../../../subgraphs/payments/src/payment-state-machine';
import { Decimal, type WithDecimals } from './decimal-json';
import { lowerCase, money } from './openapi/json-schemas';
import {
  IdParams,
  requestSchema,
  responseSchema,
  type RestOperation,
} from './openapi/rest-operation';
import {
  PAYMENT_FIELDS,
  paymentJson,
  PaymentJson,
  REFUND_FIELDS,
  refundJson,
  RefundJson,
  type GraphQLPayment,
  type GraphQLRefund,
} from './payment-json';
import { setValidators } from '../http/http-caching';
import type { RestRouteDeps } from './rest-api';
import { parseInput } from './validation';

/** A decimal amount as the spec writes it (`12.50`, or `"12.50"`), at most two decimals, in cents. */
const amount = z.union([z.number(), z.string()]).transform((value, context) => {
  try {
    const cents = decimalToCents(value);
    if (cents < 0) throw new RangeError('negative');
    return cents;
  } catch {
    context.addIssue({
      code: z.ZodIssueCode.custom,
      message: 'must be an amount of zero or more with at most two decimals, such as 12.50',
    });
    return z.NEVER;
  }
});

const PaymentBody = requestSchema(
  'PaymentRequest',
  z
    .object({
      order_id: z.string().min(1).max(64),
      method: z.enum(PAYMENT_METHODS),
      amount: amount.nullish().meta({ description: 'Default: what the order still owes' }),
      tip: amount.nullish(),
      terminal_id: z.string().min(1).max(64).nullish(),
    })
    .strict(),
);

const RefundBody = requestSchema(
  'RefundRequest',
  z
    .object({
      amount: amount.nullish().meta({ description: 'Default: all that is refundable' }),
      reason: z.string().min(1).max(500).nullish(),
    })
    .strict(),
);

const PaymentMethodsJson = responseSchema(
  'PaymentMethods',
  z.object({
    methods: z.array(
      z.object({
        method: z.enum(PAYMENT_METHODS),
        available: z.boolean(),
        provider: z.string().nullable(),
        daily_cap: money.optional(),
        reason: z.string().nullable(),
      }),
    ),
    providers: z.array(
      z.object({
        provider: z.string(),
        configured: z.boolean(),
        ready: z.boolean(),
        reason: z.string().nullable(),
        documentation: z.string().nullable(),
        configured_at: z.string().nullable(),
      }),
    ),
  }),
  { description: "The restaurant's payment methods and card terminal providers" },
);

const PAYMENT_ID = { id: 'pay_7Kq2mX9aLp' };

export const PAYMENT_OPERATIONS: RestOperation[] = [
  {
    method: 'post',
    path: '/payments',
    operationId: 'createPayment',
    summary: 'Take a payment on an order',
    description:
      'Cash and meal vouchers complete at once; a card payment is `pending` until the terminal answers (`payment.completed` or `payment.failed`).',
    tag: 'Payments',
    body: PaymentBody,
    responses: { 201: { description: 'The payment', schema: PaymentJson, headers: ['Location'] } },
    // The order is named in the body: an unknown one is a 404.
    errors: [404],
    example: {
      body: { order_id: 'ord_38592', method: 'card', amount: 18.7, tip: 2, terminal_id: 'tpe_1' },
    },
  },
  {
    method: 'get',
    path: '/payments/methods',
    operationId: 'listPaymentMethods',
    summary: 'List the payment methods',
    tag: 'Payments',
    responses: {
      200: {
        description: 'The methods and providers (may be reused for a minute)',
        schema: PaymentMethodsJson,
        headers: ['Cache-Control'],
      },
    },
  },
  {
    method: 'get',
    path: '/payments/{id}',
    operationId: 'getPayment',
    summary: "Check a payment's status",
    tag: 'Payments',
    params: IdParams,
    responses: { 200: { description: 'The payment', schema: PaymentJson, headers: ['ETag'] } },
    example: { params: PAYMENT_ID },
  },
  {
    method: 'post',
    path: '/payments/{id}/refund',
    operationId: 'refundPayment',
    summary: 'Refund a payment',
    tag: 'Payments',
    params: IdParams,
    body: RefundBody,
    bodyRequired: false,
    responses: { 201: { description: 'The refund', schema: RefundJson } },
    example: { params: PAYMENT_ID, body: { amount: 4.5, reason: 'Frites oubliées' } },
  },
];

const CREATE = `mutation RestCreatePayment($input: CreatePaymentInput!) {
  payment: createPayment(input: $input) { ...RestPayment } } ${PAYMENT_FIELDS}`;
const GET = `query RestGetPayment($id: ID!) { payment(id: $id) { ...RestPayment } } ${PAYMENT_FIELDS}`;
const REFUND = `mutation RestRefundPayment($id: ID!, $amountCents: Int, $reason: String) {
  refund: refundPayment(id: $id, amountCents: $amountCents, reason: $reason) { ...RestRefund }
} ${REFUND_FIELDS} ${PAYMENT_FIELDS}`;
const METHODS = `query RestPaymentMethods {
  paymentMethods {
    methods { method available provider reason cap { cents } }
    providers { provider configured ready reason documentation configuredAt }
  } }`;

interface GraphQLMethods {
  methods: {
    method: string;
    available: boolean;
    provider: string | null;
    reason: string | null;
    cap: { cents: number } | null;
  }[];
  providers: {
    provider: string;
    configured: boolean;
    ready: boolean;
    reason: string | null;
    documentation: string | null;
    configuredAt: string | null;
  }[];
}

type Params = { id: string };

/** The spec's Payments API: take a payment, read it, refund it, list the methods. */
export function paymentsRoutes(
  app: FastifyInstance,
  { execute, contextOf, notFound, sendJson }: RestRouteDeps,
) {
  app.post('/payments', async (request, reply) => {
    const body = parseInput(PaymentBody, request.body);
    const { payment } = await execute<{ payment: GraphQLPayment }>(contextOf(request), CREATE, {
      input: {
        orderId: body.order_id,
        method: body.method.toUpperCase(),
        amountCents: body.amount ?? null,
        tipCents: body.tip ?? 0,
        terminalId: body.terminal_id ?? null,
      },
    });
    return reply
      .code(201)
      .header('location', `/api/v1/payments/${payment.id}`)
      .send(paymentJson(payment));
  });

  // Which methods and providers a restaurant has changes rarely: a client may reuse it a minute.
  app.get('/payments/methods', { config: { cache: 'short' } }, async (request) => {
    const { paymentMethods } = await execute<{ paymentMethods: GraphQLMethods }>(
      contextOf(request),
      METHODS,
    );
    const answer: WithDecimals<z.infer<typeof PaymentMethodsJson>> = {
      methods: paymentMethods.methods.map((method) => ({
        method: lowerCase(method.method),
        available: method.available,
        provider: method.provider,
        ...(method.cap ? { daily_cap: new Decimal(method.cap.cents) } : {}),
        reason: method.reason,
      })),
      providers: paymentMethods.providers.map((provider) => ({
        provider: provider.provider,
        configured: provider.configured,
        ready: provider.ready,
        reason: provider.reason,
        documentation: provider.documentation,
        configured_at: provider.configuredAt,
      })),
    };
    return answer;
  });

  // No version number: the strong ETag is a hash of the payment's JSON.
  const single = { config: { etag: 'strong' as const } };
  app.get<{ Params: Params }>('/payments/:id', single, async (request, reply) => {
    const { payment } = await execute<{ payment: GraphQLPayment | null }>(contextOf(request), GET, {
      id: request.params.id,
    });
    if (!payment) throw notFound('PAYMENT_NOT_FOUND', 'Payment', request.params.id);
    return sendJson(setValidators(reply, payment), payment, paymentJson);
  });

  app.post<{ Params: Params }>('/payments/:id/refund', async (request, reply) => {
    const body = parseInput(RefundBody, request.body ?? {});
    const { refund } = await execute<{ refund: GraphQLRefund }>(contextOf(request), REFUND, {
      id: request.params.id,
      amountCents: body.amount ?? null,
      reason: body.reason ?? null,
    });
    return reply.code(201).send(refundJson(refund));
  });
}
