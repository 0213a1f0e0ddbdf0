import { LockMode } from '@mikro-orm/postgresql';
import type { Logger } from '../../../platform/src/logger';
import type { TenantDatabase } from '../../../platform/src/tenancy/tenant-database';
import { Payment } from './entities/payment.entity';
import { Refund } from './entities/refund.entity';
import type { RefundOutcome } from './providers/terminal-provider';
import type { CardTerminal } from './terminal-simulator';

/** How long the provider has to answer one refund request. */
export const REFUND_ANSWER_TIMEOUT_MS = 30_000;

/** The terminal of the payment's provider (the simulator's, or the restaurant's account). */
export type TerminalOf = (provider: string | null) => Promise<CardTerminal>;

/** The refund after settling, and the provider's reason when it refused it just now. */
export interface RefundSettlement {
  refund: Refund | null;
  refusal?: string;
}

/**
 * Asks the provider for a pending card refund — with the refund's own id as the provider's
 * idempotency key, so that asking again after a lost answer never refunds twice — and records
 * the answer. No lock is held while the provider is asked. Without an answer (unreachable,
 * timed out, no usable account), the refund stays `pending` with its amount set aside, and the
 * sweep of the payment runner asks again later — only of a provider that recognises a repeated
 * refund id (`refundsRetrySafe`). A refusal marks it `failed` and gives the amount back.
 */
export async function settleCardRefund(
  db: TenantDatabase,
  refundId: string,
  terminalOf: TerminalOf,
  logger: Logger,
  options: { askingAgain: boolean; signal?: AbortSignal },
): Promise<RefundSettlement> {
  const refund = await db.transaction((em) =>
    em.findOne(Refund, { id: refundId }, { populate: ['payment'] }),
  );
  if (!refund || refund.status !== 'pending') return { refund };
  const payment = refund.payment;
  let outcome: RefundOutcome;
  try {
    const terminal = await terminalOf(payment.provider);
    if (options.askingAgain && !terminal.refundsRetrySafe) {
      logger.warn(
        { refund: refund.id, provider: payment.provider },
        'payments: pending refund not asked again (the provider cannot recognise a repeat); reconcile it with the provider',
      );
      return { refund };
    }
    outcome = await terminal.refund(
      {
        refundId: refund.id,
        providerReference: payment.providerReference ?? payment.id,
        amountCents: refund.amountCents,
        currency: refund.currency,
        reason: refund.reason ?? undefined,
      },
      options.signal ?? AbortSignal.timeout(REFUND_ANSWER_TIMEOUT_MS),
    );
  } catch (error) {
    logger.warn(
      { err: error, refund: refund.id },
      'payments: refund left pending, asked again later',
    );
    return { refund };
  }
  const settled = await recordRefundOutcome(db, refund.id, payment.id, outcome);
  return outcome.status === 'failed' && settled?.status === 'failed'
    ? { refund: settled, refusal: outcome.reason }
    : { refund: settled };
}

/** Records the provider's answer once: a refund that is no longer pending is left as it is. */
async function recordRefundOutcome(
  db: TenantDatabase,
  refundId: string,
  paymentId: string,
  outcome: RefundOutcome,
): Promise<Refund | null> {
  return db.transaction(async (em) => {
    // The payment's lock first, then the refund as it is now: another settlement (the request,
    // the sweep, another replica) may have recorded the answer while the provider was asked.
    const payment = await em.findOne(
      Payment,
      { id: paymentId },
      { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
    );
    const refund = await em.findOne(Refund, { id: refundId }, { refresh: true });
    if (!payment || !refund || refund.status !== 'pending') return refund;
    if (outcome.status === 'succeeded') {
      refund.status = 'succeeded';
      refund.providerReference = outcome.providerReference;
    } else {
      refund.status = 'failed';
      payment.refundedCents -= refund.amountCents;
      payment.updatedAt = new Date();
    }
    await em.flush();
    return refund;
  });
}
