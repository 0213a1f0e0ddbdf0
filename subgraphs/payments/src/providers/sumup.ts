/**
 * SumUp Cloud API for Solo readers.
 *
 * Follows:
 * - https://developer.sumup.com/terminal-payments/cloud-api (pairing, Affiliate Key required in
 *   checkout requests, `Authorization: Bearer <API key>`)
 * - https://developer.sumup.com/api/readers/create-checkout
 *   (`POST /v0.1/merchants/{merchant_code}/readers/{reader_id}/checkout` with `total_amount`
 *   `{currency, minor_unit, value}` tip included, `description`, `affiliate {app_id, key,
 *   foreign_transaction_id}`; 201 `{"data": {"client_transaction_id"}}`)
 * - https://developer.sumup.com/api/readers/terminate-checkout
 *   (`POST /v0.1/merchants/{merchant_code}/readers/{reader_id}/terminate`, when we give up)
 * - https://developer.sumup.com/api/transactions/get
 *   (`GET /v2.1/merchants/{merchant_code}/transactions?client_transaction_id=…` or
 *   `?foreign_transaction_id=…`: `id`, `status` SUCCESSFUL | FAILED | CANCELLED | PENDING; 404 when
 *   the reader has not created it yet)
 * - https://developer.sumup.com/api/transactions/refund (`POST /v0.1/me/refund/{txn_id}` with a
 *   decimal `amount`, 204 No Content)
 *
 * Idempotency: our `pay_…` id is the affiliate's `foreign_transaction_id`; every charge first
 * looks for a transaction carrying it, so a retry resumes or answers the earlier attempt.
 */
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

export const SUMUP_API = 'https://api.sumup.com';

const sumupCredentials = z
  .object({
    apiKey: z.string().regex(/^\S{16,}$/, 'a SumUp API key (sup_sk_…) or access token'),
    merchantCode: z.string().regex(/^[A-Z0-9]{4,16}$/, 'the SumUp merchant code, e.g. MH4H92C7'),
    /** The Affiliate Key and the app id it was created for, required by reader checkouts. */
    affiliateKey: z.string().regex(/^\S{8,}$/, 'the Affiliate Key created for this app'),
    appId: z.string().regex(/^[A-Za-z0-9._-]{1,100}$/, 'the application id of the Affiliate Key'),
  })
  .strict();
export type SumUpCredentials = z.infer<typeof sumupCredentials>;

export interface SumUpOptions {
  /** Replaces `https://api.sumup.com` (tests point it at a fake). */
  baseUrl?: string;
  /** Wait between two reads of the transaction while the reader waits for the card. */
  pollIntervalMs?: number;
}

type Json = Record<string, unknown>;

export function createSumUpProvider(
  options: SumUpOptions = {},
): TerminalProvider<SumUpCredentials> {
  const base = options.baseUrl ?? SUMUP_API;
  const pollInterval = options.pollIntervalMs ?? 2_000;

  function call(
    credentials: SumUpCredentials,
    method: 'GET' | 'POST',
    path: string,
    signal: AbortSignal,
    body?: Json,
  ) {
    return exchange(
      'sumup',
      {
        method,
        url: joinUrl(base, path),
        headers: { authorization: `Bearer ${credentials.apiKey}` },
        body,
      },
      signal,
    );
  }

  function merchantPath(credentials: SumUpCredentials): string {
    return `/merchants/${encodeURIComponent(credentials.merchantCode)}`;
  }

  /** The transaction matching `query`, or undefined while SumUp does not know it (404). */
  async function findTransaction(
    credentials: SumUpCredentials,
    query: Record<string, string>,
    signal: AbortSignal,
  ): Promise<Json | undefined> {
    const search = new URLSearchParams(query).toString();
    const { status, body } = await call(
      credentials,
      'GET',
      `/v2.1${merchantPath(credentials)}/transactions?${search}`,
      signal,
    );
    if (status === 404) return undefined;
    if (status !== 200 || !isRecord(body)) {
      throw new ProviderProtocolError(
        'sumup',
        `reading the transaction: ${sumupError(body)}`,
        status,
      );
    }
    return body;
  }

  async function charge(
    payment: TerminalCharge,
    credentials: SumUpCredentials,
    signal: AbortSignal,
  ): Promise<ChargeOutcome> {
    const readerPath = `/v0.1${merchantPath(credentials)}/readers/${encodeURIComponent(payment.terminalId)}`;
    let query: Record<string, string> = { foreign_transaction_id: payment.paymentId };
    let transaction = await findTransaction(credentials, query, signal);
    // Set once our checkout may be on the reader: only then is terminating it ours to do.
    let onReader = transaction !== undefined;
    try {
      if (!transaction) {
        onReader = true;
        const { status, body } = await call(credentials, 'POST', `${readerPath}/checkout`, signal, {
          total_amount: {
            currency: payment.currency,
            minor_unit: 2,
            value: payment.amountCents + payment.tipCents,
          },
          description: payment.description,
          affiliate: {
            app_id: credentials.appId,
            key: credentials.affiliateKey,
            foreign_transaction_id: payment.paymentId,
          },
        });
        const data = isRecord(body) ? body.data : undefined;
        if (status !== 201 || !isRecord(data) || typeof data.client_transaction_id !== 'string') {
          throw new ProviderProtocolError(
            'sumup',
            `starting the reader checkout: ${sumupError(body)}`,
            status,
          );
        }
        query = { client_transaction_id: data.client_transaction_id };
      }
      for (;;) {
        const outcome = transaction && transactionOutcome(transaction);
        if (outcome) return outcome;
        await pause(pollInterval, signal);
        transaction = await findTransaction(credentials, query, signal);
      }
    } catch (error) {
      if (signal.aborted && onReader) {
        await cancelQuietly((deadline) =>
          call(credentials, 'POST', `${readerPath}/terminate`, deadline),
        );
      }
      throw error;
    }
  }

  async function refund(
    refunded: TerminalRefund,
    credentials: SumUpCredentials,
    signal: AbortSignal,
  ): Promise<RefundOutcome> {
    const { status, body } = await call(
      credentials,
      'POST',
      `/v0.1/me/refund/${encodeURIComponent(refunded.providerReference)}`,
      signal,
      { amount: centsToAmount(refunded.amountCents) },
    );
    if (status === 204 || status === 200 || status === 201) {
      // SumUp answers no refund id: the refunded transaction is the reference.
      return { status: 'succeeded', providerReference: refunded.providerReference };
    }
    if (status === 400 || status === 409 || status === 422)
      return { status: 'failed', reason: sumupError(body) };
    throw new ProviderProtocolError('sumup', `refunding: ${sumupError(body)}`, status);
  }

  return {
    name: 'sumup',
    documentation: 'https://developer.sumup.com/terminal-payments/cloud-api',
    readiness: { ready: true },
    // SumUp documents no idempotency key for refunds.
    refundsRetrySafe: false,
    parseCredentials: (input) => parseCredentialsWith(sumupCredentials, input),
    charge,
    refund,
  };
}

function transactionOutcome(transaction: Json): ChargeOutcome | undefined {
  const id = transaction.id;
  if (typeof id !== 'string') throw new ProviderProtocolError('sumup', 'a transaction without id');
  switch (transaction.status) {
    case 'PENDING':
      return undefined;
    case 'SUCCESSFUL':
      return { status: 'approved', providerReference: id };
    case 'FAILED':
    case 'CANCELLED':
      return { status: 'declined', reason: String(transaction.status), providerReference: id };
    default:
      throw new ProviderProtocolError(
        'sumup',
        `a transaction in status ${String(transaction.status)}`,
      );
  }
}

/** SumUp answers errors as `{error_code, message}`, `{errors: {detail}}` or problem+json. */
function sumupError(body: unknown): string {
  if (!isRecord(body)) return 'no error details';
  if (isRecord(body.errors)) return String(body.errors.detail ?? body.errors.type ?? 'error');
  const code = body.error_code ?? body.title;
  const message = body.message ?? body.detail;
  return [code, message].filter(Boolean).map(String).join(': ') || 'no error details';
}
