import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { isRecord } from '../../../../platform/src/is-record';
import {
  dropConnection,
  sendEmpty,
  sendJson,
  startFakeServer,
  type CardBehaviour,
  type FakeRequest,
} from './fake-http-server';

/**
 * A local Adyen Terminal API cloud endpoint (`POST /sync`), as documented on
 * docs.adyen.com/point-of-sale: X-API-Key authentication, SaleToPOIRequest messages with a nexo
 * MessageHeader (ServiceID unique per terminal, at most 10 characters), PaymentRequest amounts in
 * decimal major units, TransactionStatusRequest answering NotFound / InProgress / the repeated
 * response, ReversalRequest against an earlier POITransactionID, AbortRequest freeing a waiting
 * terminal, and malformed messages rejected with an EventNotification.
 */

interface Exchange {
  category: string;
  header: Record<string, unknown>;
  response?: Record<string, unknown>;
  waiting?: ServerResponse;
}

interface Captured {
  poiId: string;
  timeStamp: string;
  amountCents: number;
  refundedCents: number;
}

export interface AdyenFake {
  url: string;
  /** How the terminal treats the next payment. */
  behaviour: CardBehaviour;
  /** PaymentRequests the terminals processed (a retry that finds the earlier one adds none). */
  payments: Array<{ poiId: string; serviceId: string; amountCents: number; transactionId: string }>;
  reversals: Array<{ originalTransactionId: string; amountCents: number }>;
  aborts: string[];
  /** ServiceIDs of payments the terminal is still waiting a card for. */
  readonly waiting: string[];
  close(): Promise<void>;
}

export async function startAdyenFake(config: {
  apiKey: string;
  terminals: string[];
}): Promise<AdyenFake> {
  const exchanges = new Map<string, Exchange>();
  const captured = new Map<string, Captured>();

  const fake: AdyenFake = {
    url: '',
    behaviour: 'approve',
    payments: [],
    reversals: [],
    aborts: [],
    get waiting() {
      return [...exchanges.values()]
        .filter((e) => e.waiting && !e.response)
        .map((e) => String(e.header.ServiceID));
    },
    close: async () => {},
  };

  const server = await startFakeServer((request, response) => {
    if (request.method !== 'POST' || request.path !== '/sync') {
      return sendJson(response, 404, {
        status: 404,
        errorCode: '000',
        message: 'Not found',
        errorType: 'validation',
      });
    }
    if (request.headers['x-api-key'] !== config.apiKey) {
      return sendJson(response, 401, {
        status: 401,
        errorCode: '000',
        message: 'HTTP Status Response - Unauthorized',
        errorType: 'security',
      });
    }
    if (!String(request.headers['content-type']).startsWith('application/json')) {
      return sendJson(response, 415, {
        status: 415,
        errorCode: '000',
        message: 'Unsupported media type',
      });
    }
    const message = isRecord(request.body) ? request.body.SaleToPOIRequest : undefined;
    const header = isRecord(message) ? message.MessageHeader : undefined;
    if (!isRecord(message) || !isRecord(header))
      return reject(response, 'SaleToPOIRequest.MessageHeader missing');
    const problem = headerProblem(header, config.terminals);
    if (problem) return reject(response, problem, header);
    const key = exchangeKey(header.POIID as string, header.ServiceID as string);
    switch (header.MessageCategory) {
      case 'Payment':
        return payment(request, message, header, key, response);
      case 'TransactionStatus':
        return transactionStatus(message, header, response);
      case 'Reversal':
        return reversal(message, header, key, response);
      case 'Abort':
        return abort(message, header, response);
      default:
        return reject(
          response,
          `MessageCategory ${String(header.MessageCategory)} not supported`,
          header,
        );
    }
  });

  function payment(
    _request: FakeRequest,
    message: Record<string, unknown>,
    header: Record<string, unknown>,
    key: string,
    response: ServerResponse,
  ) {
    if (exchanges.has(key)) return reject(response, 'ServiceID already used on this POI', header);
    const body = message.PaymentRequest;
    const sale =
      isRecord(body) && isRecord(body.SaleData) ? body.SaleData.SaleTransactionID : undefined;
    const transaction = isRecord(body) ? body.PaymentTransaction : undefined;
    const amounts = isRecord(transaction) ? transaction.AmountsReq : undefined;
    if (
      !isRecord(sale) ||
      typeof sale.TransactionID !== 'string' ||
      typeof sale.TimeStamp !== 'string'
    ) {
      return reject(response, 'SaleData.SaleTransactionID is required', header);
    }
    if (
      !isRecord(amounts) ||
      !/^[A-Z]{3}$/.test(String(amounts.Currency)) ||
      !(Number(amounts.RequestedAmount) > 0)
    ) {
      return reject(
        response,
        'PaymentTransaction.AmountsReq needs Currency and RequestedAmount',
        header,
      );
    }
    const exchange: Exchange = { category: 'Payment', header };
    exchanges.set(key, exchange);
    const behaviour = fake.behaviour;
    if (behaviour === 'never') {
      exchange.waiting = response;
      return;
    }
    if (behaviour === 'error') {
      exchanges.delete(key);
      return answer(response, header, 'PaymentResponse', {
        Response: { Result: 'Failure', ErrorCondition: 'Busy' },
      });
    }
    const amountCents = Math.round(Number(amounts.RequestedAmount) * 100);
    const poiTransaction = {
      TransactionID: `${tenderRef()}.${pspReference()}`,
      TimeStamp: new Date().toISOString(),
    };
    fake.payments.push({
      poiId: header.POIID as string,
      serviceId: header.ServiceID as string,
      amountCents,
      transactionId: poiTransaction.TransactionID,
    });
    const paymentResponse =
      behaviour === 'decline'
        ? {
            Response: {
              Result: 'Failure',
              ErrorCondition: 'Refusal',
              AdditionalResponse:
                'refusalReason=Not%20enough%20balance&pspReference=' + pspReference(),
            },
            SaleData: { SaleTransactionID: sale },
            POIData: { POITransactionID: poiTransaction },
          }
        : {
            Response: { Result: 'Success' },
            SaleData: { SaleTransactionID: sale },
            POIData: { POITransactionID: poiTransaction },
            PaymentResult: {
              AmountsResp: {
                AuthorizedAmount: Number(amounts.RequestedAmount),
                Currency: amounts.Currency,
              },
            },
          };
    if (behaviour !== 'decline') {
      captured.set(poiTransaction.TransactionID, {
        poiId: header.POIID as string,
        timeStamp: poiTransaction.TimeStamp,
        amountCents,
        refundedCents: 0,
      });
    }
    exchange.response = { PaymentResponse: paymentResponse };
    if (behaviour === 'lose-answer') return dropConnection(response);
    return answer(response, header, 'PaymentResponse', paymentResponse);
  }

  function transactionStatus(
    message: Record<string, unknown>,
    header: Record<string, unknown>,
    response: ServerResponse,
  ) {
    const body = message.TransactionStatusRequest;
    const reference = isRecord(body) ? body.MessageReference : undefined;
    if (!isRecord(reference) || typeof reference.ServiceID !== 'string') {
      return reject(
        response,
        'TransactionStatusRequest.MessageReference.ServiceID is required',
        header,
      );
    }
    if (reference.SaleID !== header.SaleID)
      return reject(response, 'MessageReference.SaleID differs', header);
    const earlier = exchanges.get(exchangeKey(header.POIID as string, reference.ServiceID));
    const category = reference.MessageCategory ?? 'Payment';
    if (!earlier || earlier.category !== category) {
      return answer(response, header, 'TransactionStatusResponse', {
        Response: { Result: 'Failure', ErrorCondition: 'NotFound' },
      });
    }
    if (!earlier.response) {
      return answer(response, header, 'TransactionStatusResponse', {
        Response: { Result: 'Failure', ErrorCondition: 'InProgress' },
      });
    }
    return answer(response, header, 'TransactionStatusResponse', {
      Response: { Result: 'Success' },
      MessageReference: reference,
      RepeatedMessageResponse: {
        MessageHeader: { ...earlier.header, MessageType: 'Response' },
        RepeatedResponseMessageBody: earlier.response,
      },
    });
  }

  function reversal(
    message: Record<string, unknown>,
    header: Record<string, unknown>,
    key: string,
    response: ServerResponse,
  ) {
    if (exchanges.has(key)) return reject(response, 'ServiceID already used on this POI', header);
    const body = message.ReversalRequest;
    const original =
      isRecord(body) && isRecord(body.OriginalPOITransaction)
        ? body.OriginalPOITransaction.POITransactionID
        : undefined;
    if (!isRecord(body) || !isRecord(original) || typeof body.ReversalReason !== 'string') {
      return reject(
        response,
        'ReversalRequest needs OriginalPOITransaction.POITransactionID and ReversalReason',
        header,
      );
    }
    const payment = captured.get(String(original.TransactionID));
    if (!payment || payment.timeStamp !== original.TimeStamp || payment.poiId !== header.POIID) {
      const failure = {
        Response: {
          Result: 'Failure',
          ErrorCondition: 'NotAllowed',
          AdditionalResponse: 'refusalReason=Original%20transaction%20not%20found',
        },
      };
      exchanges.set(key, { category: 'Reversal', header, response: { ReversalResponse: failure } });
      return answer(response, header, 'ReversalResponse', failure);
    }
    const requested =
      body.ReversedAmount === undefined
        ? payment.amountCents - payment.refundedCents
        : Math.round(Number(body.ReversedAmount) * 100);
    let reversalResponse: Record<string, unknown>;
    if (!(requested > 0) || requested > payment.amountCents - payment.refundedCents) {
      reversalResponse = {
        Response: {
          Result: 'Failure',
          ErrorCondition: 'Refusal',
          AdditionalResponse: 'refusalReason=Amount%20exceeds%20refundable',
        },
      };
    } else {
      payment.refundedCents += requested;
      fake.reversals.push({
        originalTransactionId: String(original.TransactionID),
        amountCents: requested,
      });
      reversalResponse = {
        Response: { Result: 'Success' },
        POIData: {
          POITransactionID: {
            TransactionID: `${tenderRef()}.${pspReference()}`,
            TimeStamp: new Date().toISOString(),
          },
        },
      };
    }
    exchanges.set(key, {
      category: 'Reversal',
      header,
      response: { ReversalResponse: reversalResponse },
    });
    return answer(response, header, 'ReversalResponse', reversalResponse);
  }

  function abort(
    message: Record<string, unknown>,
    header: Record<string, unknown>,
    response: ServerResponse,
  ) {
    const body = message.AbortRequest;
    const reference = isRecord(body) ? body.MessageReference : undefined;
    if (!isRecord(body) || typeof body.AbortReason !== 'string' || !isRecord(reference)) {
      return reject(response, 'AbortRequest needs AbortReason and MessageReference', header);
    }
    const earlier = exchanges.get(exchangeKey(header.POIID as string, String(reference.ServiceID)));
    fake.aborts.push(String(reference.ServiceID));
    if (earlier && !earlier.response) {
      const aborted = { Response: { Result: 'Failure', ErrorCondition: 'Aborted' } };
      earlier.response = { PaymentResponse: aborted };
      if (earlier.waiting && !earlier.waiting.writableEnded) {
        answer(earlier.waiting, earlier.header, 'PaymentResponse', aborted);
      }
    }
    return sendEmpty(response, 200);
  }

  fake.url = server.url;
  fake.close = server.close;
  return fake;
}

function headerProblem(header: Record<string, unknown>, terminals: string[]): string | undefined {
  if (header.ProtocolVersion !== '3.0') return 'ProtocolVersion must be 3.0';
  if (header.MessageClass !== 'Service') return 'MessageClass must be Service';
  if (header.MessageType !== 'Request') return 'MessageType must be Request';
  if (typeof header.SaleID !== 'string' || header.SaleID === '') return 'SaleID is required';
  if (typeof header.ServiceID !== 'string' || !/^.{1,10}$/.test(header.ServiceID))
    return 'ServiceID must be 1 to 10 characters';
  if (typeof header.POIID !== 'string' || !terminals.includes(header.POIID))
    return 'POIID is not a terminal of this merchant account';
  return undefined;
}

function answer(
  response: ServerResponse,
  requestHeader: Record<string, unknown>,
  bodyName: string,
  body: unknown,
) {
  sendJson(response, 200, {
    SaleToPOIResponse: {
      MessageHeader: { ...requestHeader, MessageType: 'Response' },
      [bodyName]: body,
    },
  });
}

/** Adyen's documented answer to a message it cannot process: an EventNotification Reject. */
function reject(response: ServerResponse, details: string, header?: Record<string, unknown>) {
  sendJson(response, 200, {
    SaleToPOIRequest: {
      EventNotification: {
        EventToNotify: 'Reject',
        EventDetails: `message=${encodeURIComponent(details)}`,
        RejectedMessage: '',
        TimeStamp: new Date().toISOString(),
      },
      MessageHeader: {
        ...(header ?? {}),
        MessageCategory: 'Event',
        MessageClass: 'Event',
        MessageType: 'Notification',
      },
    },
  });
}

function exchangeKey(poiId: string, serviceId: string): string {
  return `${poiId}|${serviceId}`;
}

function tenderRef(): string {
  return randomBytes(6).toString('hex').toUpperCase();
}

function pspReference(): string {
  return randomBytes(8).toString('hex').toUpperCase();
}
