import { randomBytes, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { isRecord } from '../../../../platform/src/is-record';
import {
  bearerToken,
  dropConnection,
  sendEmpty,
  sendJson,
  startFakeServer,
  type CardBehaviour,
  type FakeRequest,
} from './fake-http-server';

/**
 * A local SumUp API for Solo readers driven through the Cloud API, as documented on
 * developer.sumup.com: Bearer API key, reader checkouts that need the Affiliate Key and answer
 * 201 `{"data": {"client_transaction_id"}}`, a transaction that appears once the card is
 * presented (404 before) and ends SUCCESSFUL or FAILED, reader termination, and refunds by
 * transaction id with a decimal amount answered 204.
 */

type Transaction = Record<string, unknown> & {
  id: string;
  amount: number;
  refunded_amount: number;
};

export interface SumUpFake {
  url: string;
  behaviour: CardBehaviour;
  cardDelayMs: number;
  /** Reader checkouts accepted (a retry that finds the earlier transaction adds none). */
  checkouts: Array<{ readerId: string; value: number; foreignTransactionId: string }>;
  transactions: Transaction[];
  refunds: Array<{ transactionId: string; amount: number }>;
  terminations: string[];
  close(): Promise<void>;
}

export async function startSumUpFake(config: {
  apiKey: string;
  merchantCode: string;
  affiliateKey: string;
  readers: string[];
}): Promise<SumUpFake> {
  const busy = new Set<string>();
  const fake: SumUpFake = {
    url: '',
    behaviour: 'approve',
    cardDelayMs: 30,
    checkouts: [],
    transactions: [],
    refunds: [],
    terminations: [],
    close: async () => {},
  };

  const server = await startFakeServer((request, response) => {
    if (bearerToken(request) !== config.apiKey) {
      return sendJson(response, 401, {
        error_code: 'NOT_AUTHORIZED',
        message: 'Invalid access token',
      });
    }
    let match: RegExpExecArray | null;
    if (
      request.method === 'POST' &&
      (match = /^\/v0\.1\/merchants\/([^/]+)\/readers\/([^/]+)\/(checkout|terminate)$/.exec(
        request.path,
      ))
    ) {
      if (match[1] !== config.merchantCode) return notFound(response);
      if (!config.readers.includes(match[2])) return notFound(response);
      return match[3] === 'checkout'
        ? checkout(match[2], request, response)
        : terminate(match[2], response);
    }
    if (
      request.method === 'GET' &&
      (match = /^\/v2\.1\/merchants\/([^/]+)\/transactions$/.exec(request.path))
    ) {
      if (match[1] !== config.merchantCode) return notFound(response);
      return findTransaction(request, response);
    }
    if (
      request.method === 'POST' &&
      (match = /^\/v0\.1\/me\/refund\/([^/]+)$/.exec(request.path))
    ) {
      return refund(match[1], request, response);
    }
    return notFound(response);
  });

  function checkout(readerId: string, request: FakeRequest, response: ServerResponse) {
    const body = request.body;
    const total = isRecord(body) ? body.total_amount : undefined;
    const affiliate = isRecord(body) ? body.affiliate : undefined;
    if (
      !isRecord(total) ||
      !/^[A-Z]{3}$/.test(String(total.currency)) ||
      !Number.isInteger(total.minor_unit) ||
      !(Number.isInteger(total.value) && (total.value as number) > 0)
    ) {
      return sendJson(response, 400, {
        errors: {
          type: 'INVALID',
          detail: 'total_amount needs currency, minor_unit and a positive integer value',
        },
      });
    }
    if (
      !isRecord(affiliate) ||
      affiliate.key !== config.affiliateKey ||
      typeof affiliate.app_id !== 'string'
    ) {
      return sendJson(response, 422, {
        errors: {
          type: 'INVALID_AFFILIATE',
          detail: 'The affiliate key is missing or does not belong to this app',
        },
      });
    }
    if (fake.behaviour === 'error') {
      return sendJson(response, 422, {
        errors: { type: 'READER_OFFLINE', detail: 'The reader is offline' },
      });
    }
    if (busy.has(readerId)) {
      return sendJson(response, 422, {
        errors: { type: 'READER_BUSY', detail: 'The reader is processing another checkout' },
      });
    }
    const clientTransactionId = randomUUID();
    const foreignTransactionId = String(affiliate.foreign_transaction_id ?? '');
    fake.checkouts.push({ readerId, value: total.value as number, foreignTransactionId });
    const behaviour = fake.behaviour;
    const present = () => {
      busy.delete(readerId);
      fake.transactions.push({
        id: randomUUID(),
        transaction_code: randomBytes(5).toString('hex').toUpperCase(),
        amount: (total.value as number) / 10 ** (total.minor_unit as number),
        currency: total.currency,
        status: behaviour === 'decline' ? 'FAILED' : 'SUCCESSFUL',
        payment_type: 'POS',
        foreign_transaction_id: foreignTransactionId,
        client_transaction_id: clientTransactionId,
        refunded_amount: 0,
        timestamp: new Date().toISOString(),
      });
    };
    if (behaviour === 'lose-answer') {
      present();
      return dropConnection(response);
    }
    busy.add(readerId);
    if (behaviour !== 'never') setTimeout(present, fake.cardDelayMs);
    return sendJson(response, 201, { data: { client_transaction_id: clientTransactionId } });
  }

  function terminate(readerId: string, response: ServerResponse) {
    fake.terminations.push(readerId);
    busy.delete(readerId);
    return sendEmpty(response, 202);
  }

  function findTransaction(request: FakeRequest, response: ServerResponse) {
    const keys = [
      'id',
      'transaction_code',
      'foreign_transaction_id',
      'client_transaction_id',
    ].filter((k) => request.query.has(k));
    if (keys.length !== 1) {
      return sendJson(response, 400, {
        error_code: 'MISSING',
        message: 'Exactly one transaction identifier is required',
      });
    }
    const found = fake.transactions.find((t) => t[keys[0]] === request.query.get(keys[0]));
    return found ? sendJson(response, 200, found) : notFound(response);
  }

  function refund(transactionId: string, request: FakeRequest, response: ServerResponse) {
    const transaction = fake.transactions.find((t) => t.id === transactionId);
    if (!transaction || transaction.status !== 'SUCCESSFUL') return notFound(response);
    const cents = (value: number) => Math.round(value * 100);
    const remaining = cents(transaction.amount) - cents(transaction.refunded_amount);
    const body = isRecord(request.body) ? request.body : {};
    const requested = body.amount === undefined ? remaining : cents(Number(body.amount));
    if (!(requested > 0) || requested > remaining) {
      return sendJson(response, 409, {
        error_code: 'CONFLICT',
        message: 'The amount exceeds what can still be refunded',
      });
    }
    transaction.refunded_amount = (cents(transaction.refunded_amount) + requested) / 100;
    fake.refunds.push({ transactionId, amount: requested / 100 });
    return sendEmpty(response, 204);
  }

  fake.url = server.url;
  fake.close = server.close;
  return fake;
}

function notFound(response: ServerResponse) {
  sendJson(response, 404, { error_code: 'NOT_FOUND', message: 'Resource not found' });
}
