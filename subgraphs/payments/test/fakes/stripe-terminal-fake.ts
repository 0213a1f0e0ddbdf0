import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  bearerToken,
  dropConnection,
  sendJson,
  startFakeServer,
  type CardBehaviour,
  type FakeRequest,
} from './fake-http-server';

/**
 * A local Stripe API for the Terminal server-driven flow, as documented on docs.stripe.com:
 * Bearer secret key, form-encoded POSTs, `Idempotency-Key` replaying the first answer (and
 * refusing the same key with other parameters), PaymentIntents with `card_present`, readers whose
 * `action` goes `in_progress → succeeded | failed`, `cancel_action`, refunds bounded by what was
 * received, and errors as `{"error": {"type", "code", "message"}}`.
 */

type StripeObject = Record<string, unknown>;

export interface StripeTerminalFake {
  url: string;
  behaviour: CardBehaviour;
  /** How long a reader takes to read the card. */
  cardDelayMs: number;
  paymentIntents: Map<string, StripeObject>;
  /** Card payments the readers completed (approved or declined), by PaymentIntent. */
  cardPresented: string[];
  refunds: StripeObject[];
  cancellations: string[];
  /** The reader's current action, as `GET /v1/terminal/readers/{id}` shows it. */
  readerAction(
    readerId: string,
  ): { status: string; process_payment_intent?: { payment_intent: string } } | null;
  close(): Promise<void>;
}

export async function startStripeTerminalFake(config: {
  secretKey: string;
  readers: string[];
}): Promise<StripeTerminalFake> {
  const readers = new Map<string, StripeObject>(
    config.readers.map((id) => [
      id,
      {
        id,
        object: 'terminal.reader',
        device_type: 'bbpos_wisepos_e',
        status: 'online',
        action: null,
      },
    ]),
  );
  const idempotent = new Map<string, { fingerprint: string; status: number; body: unknown }>();
  const refunded = new Map<string, number>();
  const fake: StripeTerminalFake = {
    url: '',
    behaviour: 'approve',
    cardDelayMs: 30,
    paymentIntents: new Map(),
    cardPresented: [],
    refunds: [],
    cancellations: [],
    readerAction: (readerId) =>
      (readers.get(readerId)?.action ?? null) as ReturnType<StripeTerminalFake['readerAction']>,
    close: async () => {},
  };

  const server = await startFakeServer((request, response) => {
    if (bearerToken(request) !== config.secretKey) {
      return error(
        response,
        401,
        'invalid_request_error',
        undefined,
        'Invalid API Key provided: sk_****',
      );
    }
    if (
      request.method === 'POST' &&
      !String(request.headers['content-type']).startsWith('application/x-www-form-urlencoded')
    ) {
      return error(
        response,
        400,
        'invalid_request_error',
        'parameter_invalid',
        'Stripe expects form-encoded bodies',
      );
    }
    const key = request.headers['idempotency-key'];
    if (request.method === 'POST' && typeof key === 'string') {
      const fingerprint = `${request.path} ${request.form?.toString() ?? ''}`;
      const earlier = idempotent.get(key);
      if (earlier && earlier.fingerprint !== fingerprint) {
        return error(
          response,
          400,
          'idempotency_error',
          undefined,
          'Keys for idempotent requests can only be used with the same parameters they were first used with.',
        );
      }
      if (earlier) {
        response.setHeader('idempotent-replayed', 'true');
        return sendJson(response, earlier.status, earlier.body);
      }
      const send = response.end.bind(response);
      let captured = '';
      response.end = ((chunk?: unknown) => {
        captured = typeof chunk === 'string' ? chunk : '';
        if (captured)
          idempotent.set(key, {
            fingerprint,
            status: response.statusCode,
            body: JSON.parse(captured),
          });
        return send(chunk as string);
      }) as typeof response.end;
    }
    return route(request, response);
  });

  function route(request: FakeRequest, response: ServerResponse) {
    const form = request.form ?? new URLSearchParams();
    let match: RegExpExecArray | null;
    if (request.method === 'POST' && request.path === '/v1/payment_intents')
      return createIntent(form, response);
    if (
      request.method === 'GET' &&
      (match = /^\/v1\/payment_intents\/([^/]+)$/.exec(request.path))
    ) {
      const intent = fake.paymentIntents.get(match[1]);
      return intent
        ? sendJson(response, 200, intent)
        : missing(response, 'payment_intent', match[1]);
    }
    if ((match = /^\/v1\/terminal\/readers\/([^/]+)(?:\/([a-z_]+))?$/.exec(request.path))) {
      const reader = readers.get(match[1]);
      if (!reader) return missing(response, 'terminal.reader', match[1]);
      if (request.method === 'GET' && !match[2]) return sendJson(response, 200, reader);
      if (request.method === 'POST' && match[2] === 'process_payment_intent')
        return process(reader, form, response);
      if (request.method === 'POST' && match[2] === 'cancel_action') {
        const action = reader.action as StripeObject | null;
        if (!action || action.status !== 'in_progress') {
          return error(
            response,
            400,
            'invalid_request_error',
            'terminal_reader_invalid_state',
            'The reader has no action in progress.',
          );
        }
        fake.cancellations.push(reader.id as string);
        reader.action = null;
        return sendJson(response, 200, reader);
      }
    }
    if (request.method === 'POST' && request.path === '/v1/refunds')
      return createRefund(form, response);
    if (request.method === 'GET' && (match = /^\/v1\/refunds\/([^/]+)$/.exec(request.path))) {
      const refund = fake.refunds.find((r) => r.id === match![1]);
      return refund ? sendJson(response, 200, refund) : missing(response, 'refund', match[1]);
    }
    return error(
      response,
      404,
      'invalid_request_error',
      undefined,
      `Unrecognized request URL (${request.method}: ${request.path}).`,
    );
  }

  function createIntent(form: URLSearchParams, response: ServerResponse) {
    const amount = Number(form.get('amount'));
    const currency = form.get('currency') ?? '';
    if (!Number.isInteger(amount) || amount < 1)
      return invalid(response, 'amount', 'Invalid positive integer');
    if (!/^[a-z]{3}$/.test(currency)) return invalid(response, 'currency', 'Invalid currency');
    const methods = form.getAll('payment_method_types[]');
    if (!methods.includes('card_present'))
      return invalid(response, 'payment_method_types', 'Terminal payments need card_present');
    const metadata: Record<string, string> = {};
    for (const [name, value] of form) {
      const field = /^metadata\[(.+)\]$/.exec(name);
      if (field) metadata[field[1]] = value;
    }
    const intent: StripeObject = {
      id: `pi_${randomBytes(12).toString('hex')}`,
      object: 'payment_intent',
      amount,
      amount_received: 0,
      currency,
      capture_method: form.get('capture_method') ?? 'automatic',
      payment_method_types: methods,
      description: form.get('description'),
      metadata,
      status: 'requires_payment_method',
      latest_charge: null,
      last_payment_error: null,
    };
    fake.paymentIntents.set(intent.id as string, intent);
    return sendJson(response, 200, intent);
  }

  function process(reader: StripeObject, form: URLSearchParams, response: ServerResponse) {
    const intent = fake.paymentIntents.get(form.get('payment_intent') ?? '');
    if (!intent) return missing(response, 'payment_intent', form.get('payment_intent') ?? '');
    if (intent.status !== 'requires_payment_method') {
      return error(
        response,
        400,
        'invalid_request_error',
        'payment_intent_unexpected_state',
        `This PaymentIntent's status is ${String(intent.status)}.`,
      );
    }
    const current = reader.action as StripeObject | null;
    if (current && current.status === 'in_progress') {
      return error(
        response,
        400,
        'invalid_request_error',
        'terminal_reader_busy',
        'Reader is currently busy processing another request.',
      );
    }
    if (fake.behaviour === 'error') {
      return error(
        response,
        400,
        'invalid_request_error',
        'terminal_reader_offline',
        'Reader is currently offline.',
      );
    }
    const action: StripeObject = {
      type: 'process_payment_intent',
      status: 'in_progress',
      failure_code: null,
      failure_message: null,
      process_payment_intent: { payment_intent: intent.id },
    };
    reader.action = action;
    const behaviour = fake.behaviour;
    if (behaviour === 'lose-answer') {
      presentCard(intent, action, 'approve');
      return dropConnection(response);
    }
    if (behaviour !== 'never')
      setTimeout(() => presentCard(intent, action, behaviour), fake.cardDelayMs);
    return sendJson(response, 200, reader);
  }

  function presentCard(intent: StripeObject, action: StripeObject, behaviour: CardBehaviour) {
    if (action.status !== 'in_progress') return;
    fake.cardPresented.push(intent.id as string);
    if (behaviour === 'decline') {
      Object.assign(action, {
        status: 'failed',
        failure_code: 'card_declined',
        failure_message: 'Your card has insufficient funds.',
      });
      intent.last_payment_error = {
        type: 'card_error',
        code: 'card_declined',
        decline_code: 'insufficient_funds',
        message: 'Your card has insufficient funds.',
      };
      return;
    }
    action.status = 'succeeded';
    Object.assign(intent, {
      status: 'succeeded',
      amount_received: intent.amount,
      latest_charge: `ch_${randomBytes(12).toString('hex')}`,
      last_payment_error: null,
    });
  }

  function createRefund(form: URLSearchParams, response: ServerResponse) {
    const intent = fake.paymentIntents.get(form.get('payment_intent') ?? '');
    if (!intent) return missing(response, 'payment_intent', form.get('payment_intent') ?? '');
    if (intent.status !== 'succeeded') {
      return error(
        response,
        400,
        'invalid_request_error',
        'payment_intent_unexpected_state',
        'This PaymentIntent has no successful charge to refund.',
      );
    }
    const already = refunded.get(intent.id as string) ?? 0;
    const remaining = (intent.amount_received as number) - already;
    if (remaining <= 0)
      return error(
        response,
        400,
        'invalid_request_error',
        'charge_already_refunded',
        'Charge has already been refunded.',
      );
    const amount = form.has('amount') ? Number(form.get('amount')) : remaining;
    if (!Number.isInteger(amount) || amount < 1)
      return invalid(response, 'amount', 'Invalid positive integer');
    if (amount > remaining) {
      return error(
        response,
        400,
        'invalid_request_error',
        'amount_too_large',
        `Refund amount (€${amount / 100}) is greater than unrefunded amount on charge (€${remaining / 100})`,
      );
    }
    refunded.set(intent.id as string, already + amount);
    const refund: StripeObject = {
      id: `re_${randomBytes(12).toString('hex')}`,
      object: 'refund',
      amount,
      currency: intent.currency,
      payment_intent: intent.id,
      charge: intent.latest_charge,
      status: 'succeeded',
      failure_reason: null,
    };
    fake.refunds.push(refund);
    return sendJson(response, 200, refund);
  }

  fake.url = server.url;
  fake.close = server.close;
  return fake;
}

function error(
  response: ServerResponse,
  status: number,
  type: string,
  code: string | undefined,
  message: string,
) {
  sendJson(response, status, { error: { type, ...(code ? { code } : {}), message } });
}

function invalid(response: ServerResponse, param: string, message: string) {
  sendJson(response, 400, {
    error: { type: 'invalid_request_error', code: 'parameter_invalid', param, message },
  });
}

function missing(response: ServerResponse, kind: string, id: string) {
  error(response, 404, 'invalid_request_error', 'resource_missing', `No such ${kind}: '${id}'`);
}
