/**
 * Adyen Terminal API over cloud communications, synchronous flavour.
 *
 * Follows:
 * - https://docs.adyen.com/point-of-sale/design-your-integration/terminal-api (endpoints:
 *   `POST https://terminal-api-test.adyen.com/sync`, live `terminal-api-live[-us|-au|-apse]`,
 *   `X-API-Key` header; a SaleToPOIRequest with a MessageHeader and one request body)
 * - https://docs.adyen.com/point-of-sale/basic-tapi-integration/make-a-payment (PaymentRequest:
 *   SaleData.SaleTransactionID, PaymentTransaction.AmountsReq in decimal major units; the
 *   PaymentResponse's Response.Result and POIData.POITransactionID)
 * - https://docs.adyen.com/point-of-sale/basic-tapi-integration/verify-transaction-status
 *   (TransactionStatusRequest with a MessageReference: found → RepeatedMessageResponse,
 *   otherwise ErrorCondition NotFound or InProgress)
 * - https://docs.adyen.com/point-of-sale/basic-tapi-integration/refund-payment/referenced
 *   (ReversalRequest with OriginalPOITransaction, ReversalReason MerchantCancel, ReversedAmount
 *   for a partial refund)
 * - https://docs.adyen.com/point-of-sale/basic-tapi-integration/cancel-a-transaction (AbortRequest)
 *
 * Idempotency: the ServiceID of a payment (or refund) is derived from our `pay_…` (`ref_…`) id,
 * and every charge first asks the terminal for the status of that ServiceID, so a retry after a
 * crash or a lost answer returns the earlier outcome instead of charging again.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { isRecord } from '../../../../platform/src/is-record';
import { centsToAmount } from '../../../../platform/src/money';
import { parseCredentialsWith } from './provider-credentials';
import { cancelQuietly, exchange, joinUrl, pause } from './provider-http';
import {
  ProviderProtocolError,
  type ChargeOutcome,
  type RefundOutcome,
  type TerminalCharge,
  type TerminalProvider,
  type TerminalRefund,
} from './terminal-provider';

export const ADYEN_ENDPOINTS = {
  test: 'https://terminal-api-test.adyen.com',
  live: 'https://terminal-api-live.adyen.com',
  'live-us': 'https://terminal-api-live-us.adyen.com',
  'live-au': 'https://terminal-api-live-au.adyen.com',
  'live-apse': 'https://terminal-api-live-apse.adyen.com',
} as const;

const adyenCredentials = z
  .object({
    apiKey: z.string().regex(/^\S{16,}$/, 'an Adyen API key with the Terminal API role'),
    environment: z.enum(Object.keys(ADYEN_ENDPOINTS) as [keyof typeof ADYEN_ENDPOINTS]),
    /** How Adyen's terminals know this point of sale (nexo SaleID). */
    saleId: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,50}$/, 'letters, digits, dot, dash or underscore, at most 50')
      .default('SOTTO'),
  })
  .strict();
export type AdyenCredentials = z.infer<typeof adyenCredentials>;

export interface AdyenOptions {
  /** Replaces the documented host of every environment (tests point it at a fake). */
  baseUrl?: string;
  /** Wait between two status checks while the terminal reports InProgress. */
  statusPollIntervalMs?: number;
}

/** Failure conditions that say nothing about the card: the exchange itself went wrong. */
const PROTOCOL_CONDITIONS = new Set([
  'Busy',
  'DeviceOut',
  'InProgress',
  'LoggedOut',
  'MessageFormat',
  'NotFound',
  'UnavailableDevice',
  'UnavailableService',
  'UnreachableHost',
]);

type Category = 'Payment' | 'Reversal';
type Message = Record<string, unknown>;

export function createAdyenProvider(
  options: AdyenOptions = {},
): TerminalProvider<AdyenCredentials> {
  const pollInterval = options.statusPollIntervalMs ?? 5_000;

  async function send(
    credentials: AdyenCredentials,
    category: string,
    serviceId: string,
    poiId: string,
    body: Message,
    signal: AbortSignal,
  ): Promise<Message> {
    const header = {
      ProtocolVersion: '3.0',
      MessageClass: 'Service',
      MessageCategory: category,
      MessageType: 'Request',
      SaleID: credentials.saleId,
      ServiceID: serviceId,
      POIID: poiId,
    };
    const base = options.baseUrl ?? ADYEN_ENDPOINTS[credentials.environment];
    const { status, body: answer } = await exchange(
      'adyen',
      {
        method: 'POST',
        url: joinUrl(base, '/sync'),
        headers: { 'x-api-key': credentials.apiKey },
        body: { SaleToPOIRequest: { MessageHeader: header, ...body } },
      },
      signal,
    );
    if (status === 401 || status === 403) {
      throw new ProviderProtocolError('adyen', 'Adyen refused the API key', status);
    }
    const rejection = isRecord(answer) && isRecord(answer.SaleToPOIRequest) ? answer : undefined;
    if (rejection) {
      const event = (rejection.SaleToPOIRequest as Message).EventNotification;
      const details = isRecord(event) ? eventDetails(event) : 'no EventNotification';
      throw new ProviderProtocolError(
        'adyen',
        `Adyen rejected the ${category} request: ${details}`,
      );
    }
    if (status !== 200 || !isRecord(answer) || !isRecord(answer.SaleToPOIResponse)) {
      throw new ProviderProtocolError(
        'adyen',
        `Adyen answered ${status} without a SaleToPOIResponse`,
        status,
      );
    }
    const response = answer.SaleToPOIResponse;
    const echoed = isRecord(response.MessageHeader) ? response.MessageHeader : {};
    if (echoed.ServiceID !== serviceId || echoed.MessageCategory !== category) {
      throw new ProviderProtocolError(
        'adyen',
        `Adyen answered another message than ${category} ${serviceId}`,
      );
    }
    return response;
  }

  /** The earlier outcome of the message `serviceId`, if the terminal knows it. */
  async function earlierResponse(
    credentials: AdyenCredentials,
    poiId: string,
    category: Category,
    serviceId: string,
    signal: AbortSignal,
  ): Promise<Message | undefined> {
    for (;;) {
      const statusId = freshServiceId();
      const response = await send(
        credentials,
        'TransactionStatus',
        statusId,
        poiId,
        {
          TransactionStatusRequest: {
            MessageReference: {
              MessageCategory: category,
              SaleID: credentials.saleId,
              ServiceID: serviceId,
            },
          },
        },
        signal,
      );
      const statusResponse = bodyOf(response, 'TransactionStatusResponse');
      const result = resultOf(statusResponse);
      if (result.result === 'Success') {
        const repeated = statusResponse.RepeatedMessageResponse;
        const repeatedBody = isRecord(repeated) ? repeated.RepeatedResponseMessageBody : undefined;
        const original = isRecord(repeatedBody) ? repeatedBody[`${category}Response`] : undefined;
        if (!isRecord(original)) {
          throw new ProviderProtocolError(
            'adyen',
            `the transaction status carries no ${category}Response`,
          );
        }
        return original;
      }
      if (result.condition === 'NotFound') return undefined;
      if (result.condition !== 'InProgress') {
        throw new ProviderProtocolError('adyen', `transaction status failed: ${describe(result)}`);
      }
      await pause(pollInterval, signal);
    }
  }

  async function charge(
    payment: TerminalCharge,
    credentials: AdyenCredentials,
    signal: AbortSignal,
  ): Promise<ChargeOutcome> {
    const serviceId = serviceIdFor(payment.paymentId);
    const poiId = payment.terminalId;
    const earlier = await earlierResponse(credentials, poiId, 'Payment', serviceId, signal);
    if (earlier) return paymentOutcome(earlier, poiId);
    let response: Message;
    try {
      response = await send(
        credentials,
        'Payment',
        serviceId,
        poiId,
        {
          PaymentRequest: {
            SaleData: {
              SaleTransactionID: {
                TransactionID: payment.paymentId,
                TimeStamp: new Date().toISOString(),
              },
            },
            PaymentTransaction: {
              AmountsReq: {
                Currency: payment.currency,
                RequestedAmount: centsToAmount(payment.amountCents + payment.tipCents),
              },
            },
          },
        },
        signal,
      );
    } catch (error) {
      if (signal.aborted) {
        await cancelQuietly((deadline) =>
          send(
            credentials,
            'Abort',
            freshServiceId(),
            poiId,
            {
              AbortRequest: {
                AbortReason: 'MerchantAbort',
                MessageReference: {
                  MessageCategory: 'Payment',
                  SaleID: credentials.saleId,
                  ServiceID: serviceId,
                },
              },
            },
            deadline,
          ),
        );
      }
      throw error;
    }
    return paymentOutcome(bodyOf(response, 'PaymentResponse'), poiId);
  }

  async function refund(
    refunded: TerminalRefund,
    credentials: AdyenCredentials,
    signal: AbortSignal,
  ): Promise<RefundOutcome> {
    const original = parseReference(refunded.providerReference);
    const serviceId = serviceIdFor(refunded.refundId);
    const earlier = await earlierResponse(
      credentials,
      original.poiId,
      'Reversal',
      serviceId,
      signal,
    );
    if (earlier) return reversalOutcome(earlier, original.poiId);
    const response = await send(
      credentials,
      'Reversal',
      serviceId,
      original.poiId,
      {
        ReversalRequest: {
          SaleData: {
            SaleTransactionID: {
              TransactionID: refunded.refundId,
              TimeStamp: new Date().toISOString(),
            },
          },
          OriginalPOITransaction: {
            POITransactionID: {
              TransactionID: original.transactionId,
              TimeStamp: original.timeStamp,
            },
          },
          ReversalReason: 'MerchantCancel',
          ReversedAmount: centsToAmount(refunded.amountCents),
        },
      },
      signal,
    );
    return reversalOutcome(bodyOf(response, 'ReversalResponse'), original.poiId);
  }

  return {
    name: 'adyen',
    documentation: 'https://docs.adyen.com/point-of-sale/design-your-integration/terminal-api',
    readiness: { ready: true },
    // A ReversalRequest sent again reverses again: nothing in Terminal API recognises a repeat.
    refundsRetrySafe: false,
    parseCredentials: (input) => parseCredentialsWith(adyenCredentials, input),
    charge,
    refund,
  };
}

function paymentOutcome(paymentResponse: Message, poiId: string): ChargeOutcome {
  const result = resultOf(paymentResponse);
  const reference = transactionReference(paymentResponse, poiId);
  if (result.result === 'Success') {
    if (!reference)
      throw new ProviderProtocolError('adyen', 'an approved payment without POITransactionID');
    return { status: 'approved', providerReference: reference };
  }
  if (
    result.result === 'Failure' &&
    result.condition &&
    !PROTOCOL_CONDITIONS.has(result.condition)
  ) {
    return {
      status: 'declined',
      reason: describe(result),
      ...(reference ? { providerReference: reference } : {}),
    };
  }
  throw new ProviderProtocolError('adyen', `payment not completed: ${describe(result)}`);
}

function reversalOutcome(reversalResponse: Message, poiId: string): RefundOutcome {
  const result = resultOf(reversalResponse);
  if (result.result === 'Success') {
    return {
      status: 'succeeded',
      providerReference: transactionReference(reversalResponse, poiId) ?? '',
    };
  }
  if (
    result.result === 'Failure' &&
    result.condition &&
    !PROTOCOL_CONDITIONS.has(result.condition)
  ) {
    return { status: 'failed', reason: describe(result) };
  }
  throw new ProviderProtocolError('adyen', `refund not completed: ${describe(result)}`);
}

interface NexoResult {
  result?: string;
  condition?: string;
  refusalReason?: string;
}

function resultOf(body: Message): NexoResult {
  const response = body.Response;
  if (!isRecord(response) || typeof response.Result !== 'string') {
    throw new ProviderProtocolError('adyen', 'an Adyen answer without Response.Result');
  }
  const additional =
    typeof response.AdditionalResponse === 'string'
      ? new URLSearchParams(response.AdditionalResponse)
      : undefined;
  return {
    result: response.Result,
    condition: typeof response.ErrorCondition === 'string' ? response.ErrorCondition : undefined,
    refusalReason: additional?.get('refusalReason') ?? undefined,
  };
}

function describe(result: NexoResult): string {
  return [result.condition ?? result.result, result.refusalReason].filter(Boolean).join(': ');
}

/** EventDetails is form-encoded (`message=…`); show its message when it has one. */
function eventDetails(event: Message): string {
  const raw = String(event.EventDetails ?? event.EventToNotify ?? '');
  return new URLSearchParams(raw).get('message') ?? raw;
}

function bodyOf(response: Message, name: string): Message {
  const body = response[name];
  if (!isRecord(body)) throw new ProviderProtocolError('adyen', `an Adyen answer without ${name}`);
  return body;
}

/**
 * A refund is sent to the terminal that took the payment and names the original
 * POITransactionID (TransactionID and TimeStamp), so the reference keeps all three:
 * `POIID|TransactionID|TimeStamp`.
 */
function transactionReference(body: Message, poiId: string): string | undefined {
  const poiData = body.POIData;
  const id = isRecord(poiData) ? poiData.POITransactionID : undefined;
  if (!isRecord(id) || typeof id.TransactionID !== 'string' || typeof id.TimeStamp !== 'string') {
    return undefined;
  }
  return `${poiId}|${id.TransactionID}|${id.TimeStamp}`;
}

function parseReference(reference: string) {
  const [poiId, transactionId, timeStamp, ...rest] = reference.split('|');
  if (!poiId || !transactionId || !timeStamp || rest.length > 0) {
    throw new ProviderProtocolError('adyen', 'not a reference this adapter returned for a payment');
  }
  return { poiId, transactionId, timeStamp };
}

/** nexo ServiceIDs are at most 10 characters: a stable digest of our id. */
export function serviceIdFor(id: string): string {
  return createHash('sha256').update(id).digest('base64url').replace(/[-_]/g, '0').slice(0, 10);
}

function freshServiceId(): string {
  return randomBytes(8).toString('base64url').replace(/[-_]/g, '0').slice(0, 10);
}
