/**
 * Stripe Terminal, server-driven integration (smart readers such as the WisePOS E or S700).
 *
 * Follows:
 * - https://docs.stripe.com/terminal/payments/collect-card-payment?terminal-sdk-platform=server-driven
 *   (create a PaymentIntent with `payment_method_types[]=card_present`, hand it to the reader
 *   with `POST /v1/terminal/readers/{id}/process_payment_intent`, then follow the reader's
 *   `action` until `succeeded` or `failed`, and read the PaymentIntent's status)
 * - https://docs.stripe.com/api/terminal/readers/cancel_action (free the reader when we give up)
 * - https://docs.stripe.com/api/idempotent_requests (`Idempotency-Key` on every POST)
 * - https://docs.stripe.com/api/refunds/create (`POST /v1/refunds` with `payment_intent`, `amount`)
 * - https://docs.stripe.com/api/errors (`{"error": {"type", "code", "message"}}`)
 * Requests are form-encoded and authenticated with `Authorization: Bearer <secret key>`.
 *
 * Idempotency: the PaymentIntent is created with `Idempotency-Key: <pay_…>`, so a retry finds the
 * same PaymentIntent; one that already succeeded (or was declined) is answered from its status
 * without handing it to the reader again.
 */
import { z } from 'zod';
import { isRecord } from '../../../../platform/src/is-record';
import { parseCredentialsWith } from './provider-credentials';
import { cancelQuietly, exchange, formEncode, joinUrl, pause } from './provider-http';
import {
  ProviderProtocolError,
  type ChargeOutcome,
  type RefundOutcome,
  type TerminalCharge,
  type TerminalProvider,
  type TerminalRefund,
} from './terminal-provider';

export const STRIPE_API = 'https://api.stripe.com';

const stripeCredentials = z
  .object({
    secretKey: z
      .string()
      .regex(
        /^(sk|rk)_(test|live)_[A-Za-z0-9]{10,}$/,
        'a Stripe secret or restricted key (sk_… or rk_…)',
      ),
  })
  .strict();
export type StripeTerminalCredentials = z.infer<typeof stripeCredentials>;

export interface StripeTerminalOptions {
  /** Replaces `https://api.stripe.com` (tests point it at a fake). */
  baseUrl?: string;
  /** Wait between two reads of the reader while it waits for the card. */
  pollIntervalMs?: number;
}

type StripeObject = Record<string, unknown>;

export function createStripeTerminalProvider(
  options: StripeTerminalOptions = {},
): TerminalProvider<StripeTerminalCredentials> {
  const base = options.baseUrl ?? STRIPE_API;
  const pollInterval = options.pollIntervalMs ?? 1_000;

  async function call(
    credentials: StripeTerminalCredentials,
    method: 'GET' | 'POST',
    path: string,
    signal: AbortSignal,
    form?: Record<string, string | number | readonly string[]>,
    idempotencyKey?: string,
  ): Promise<{ status: number; object: StripeObject }> {
    const headers: Record<string, string> = { authorization: `Bearer ${credentials.secretKey}` };
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const { status, body } = await exchange(
      'stripe_terminal',
      { method, url: joinUrl(base, path), headers, body: form ? formEncode(form) : undefined },
      signal,
    );
    if (!isRecord(body)) {
      throw new ProviderProtocolError(
        'stripe_terminal',
        `${method} ${path} answered ${status} without a JSON object`,
        status,
      );
    }
    return { status, object: body };
  }

  /** The object of a 2xx answer; any Stripe error becomes a `ProviderProtocolError`. */
  async function expectOk(
    answer: Promise<{ status: number; object: StripeObject }>,
    what: string,
  ): Promise<StripeObject> {
    const { status, object } = await answer;
    if (status >= 200 && status < 300) return object;
    throw new ProviderProtocolError('stripe_terminal', `${what}: ${stripeError(object)}`, status);
  }

  async function charge(
    payment: TerminalCharge,
    credentials: StripeTerminalCredentials,
    signal: AbortSignal,
  ): Promise<ChargeOutcome> {
    let intent = await expectOk(
      call(
        credentials,
        'POST',
        '/v1/payment_intents',
        signal,
        {
          amount: payment.amountCents + payment.tipCents,
          currency: payment.currency.toLowerCase(),
          payment_method_types: ['card_present'],
          capture_method: 'automatic',
          description: payment.description,
          'metadata[payment_id]': payment.paymentId,
        },
        payment.paymentId,
      ),
      'creating the PaymentIntent',
    );
    const intentId = stringField(intent, 'id');
    // A retried creation replays the first answer, which may be stale: read the current state.
    intent = await expectOk(
      call(credentials, 'GET', `/v1/payment_intents/${encodeURIComponent(intentId)}`, signal),
      'reading the PaymentIntent',
    );
    const settled = settledOutcome(intent);
    if (settled) return settled;
    const reader = encodeURIComponent(payment.terminalId);
    try {
      let readerObject = await expectOk(
        call(credentials, 'GET', `/v1/terminal/readers/${reader}`, signal),
        'reading the reader',
      );
      if (!processing(readerObject, intentId)) {
        readerObject = await expectOk(
          call(
            credentials,
            'POST',
            `/v1/terminal/readers/${reader}/process_payment_intent`,
            signal,
            {
              payment_intent: intentId,
            },
          ),
          'handing the PaymentIntent to the reader',
        );
      }
      for (;;) {
        const action = readerObject.action;
        if (!isRecord(action) || !concerns(action, intentId) || action.status !== 'in_progress') {
          intent = await expectOk(
            call(credentials, 'GET', `/v1/payment_intents/${encodeURIComponent(intentId)}`, signal),
            'reading the PaymentIntent',
          );
          const outcome = settledOutcome(intent);
          if (outcome) return outcome;
          if (isRecord(action) && concerns(action, intentId) && action.status === 'failed') {
            return {
              status: 'declined',
              reason: String(action.failure_message ?? action.failure_code ?? 'failed'),
              providerReference: intentId,
            };
          }
          if (!isRecord(action) || !concerns(action, intentId)) {
            throw new ProviderProtocolError(
              'stripe_terminal',
              'the reader dropped the payment before it completed',
            );
          }
          if (action.status === 'succeeded') {
            throw new ProviderProtocolError(
              'stripe_terminal',
              `the reader succeeded but the PaymentIntent is ${String(intent.status)}`,
            );
          }
        }
        await pause(pollInterval, signal);
        readerObject = await expectOk(
          call(credentials, 'GET', `/v1/terminal/readers/${reader}`, signal),
          'reading the reader',
        );
      }
    } catch (error) {
      if (signal.aborted) {
        // Cancel only our own action: the reader may be busy with another payment.
        await cancelQuietly(async (deadline) => {
          const { object } = await call(
            credentials,
            'GET',
            `/v1/terminal/readers/${reader}`,
            deadline,
          );
          if (processing(object, intentId)) {
            await call(
              credentials,
              'POST',
              `/v1/terminal/readers/${reader}/cancel_action`,
              deadline,
              {},
            );
          }
        });
      }
      throw error;
    }
  }

  async function refund(
    refunded: TerminalRefund,
    credentials: StripeTerminalCredentials,
    signal: AbortSignal,
  ): Promise<RefundOutcome> {
    const form: Record<string, string | number> = {
      payment_intent: refunded.providerReference,
      amount: refunded.amountCents,
      'metadata[refund_id]': refunded.refundId,
    };
    if (refunded.reason) form['metadata[reason]'] = refunded.reason.slice(0, 500);
    let { status, object } = await call(
      credentials,
      'POST',
      '/v1/refunds',
      signal,
      form,
      refunded.refundId,
    );
    if (status === 400 || status === 402) return { status: 'failed', reason: stripeError(object) };
    if (status < 200 || status >= 300) {
      throw new ProviderProtocolError(
        'stripe_terminal',
        `creating the refund: ${stripeError(object)}`,
        status,
      );
    }
    const refundId = stringField(object, 'id');
    while (object.status === 'pending') {
      await pause(pollInterval, signal);
      ({ status, object } = await call(
        credentials,
        'GET',
        `/v1/refunds/${encodeURIComponent(refundId)}`,
        signal,
      ));
      if (status !== 200)
        throw new ProviderProtocolError(
          'stripe_terminal',
          `reading the refund: ${stripeError(object)}`,
          status,
        );
    }
    if (object.status === 'succeeded') return { status: 'succeeded', providerReference: refundId };
    if (object.status === 'failed' || object.status === 'canceled') {
      return { status: 'failed', reason: String(object.failure_reason ?? object.status) };
    }
    throw new ProviderProtocolError(
      'stripe_terminal',
      `a refund in status ${String(object.status)}`,
    );
  }

  return {
    name: 'stripe_terminal',
    documentation:
      'https://docs.stripe.com/terminal/payments/collect-card-payment?terminal-sdk-platform=server-driven',
    readiness: { ready: true },
    // `POST /v1/refunds` carries `Idempotency-Key: ref_…`: a repeat answers the first refund.
    refundsRetrySafe: true,
    parseCredentials: (input) => parseCredentialsWith(stripeCredentials, input),
    charge,
    refund,
  };
}

/** A PaymentIntent that needs no reader any more: paid, or declined by the earlier attempt. */
function settledOutcome(intent: StripeObject): ChargeOutcome | undefined {
  const id = stringField(intent, 'id');
  if (intent.status === 'succeeded') return { status: 'approved', providerReference: id };
  if (intent.status === 'requires_capture') {
    throw new ProviderProtocolError(
      'stripe_terminal',
      'the PaymentIntent waits for a manual capture; this adapter creates automatic ones',
    );
  }
  if (intent.status === 'canceled')
    return { status: 'declined', reason: 'PaymentIntent canceled', providerReference: id };
  const lastError = intent.last_payment_error;
  if (intent.status === 'requires_payment_method' && isRecord(lastError)) {
    const reason = String(
      lastError.message ?? lastError.decline_code ?? lastError.code ?? 'declined',
    );
    return { status: 'declined', reason, providerReference: id };
  }
  return undefined;
}

function processing(reader: StripeObject, intentId: string): boolean {
  const action = reader.action;
  return isRecord(action) && concerns(action, intentId) && action.status === 'in_progress';
}

function concerns(action: StripeObject, intentId: string): boolean {
  const process = action.process_payment_intent;
  if (action.type !== 'process_payment_intent' || !isRecord(process)) return false;
  const intent = process.payment_intent;
  return intent === intentId || (isRecord(intent) && intent.id === intentId);
}

function stringField(object: StripeObject, field: string): string {
  const value = object[field];
  if (typeof value !== 'string')
    throw new ProviderProtocolError('stripe_terminal', `a Stripe object without ${field}`);
  return value;
}

function stripeError(object: StripeObject): string {
  const error = object.error;
  if (!isRecord(error)) return 'an answer without an error object';
  return [error.code ?? error.type, error.message].filter(Boolean).map(String).join(': ');
}
