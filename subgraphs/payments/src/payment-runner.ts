import { DomainError } from '../../../platform/src/errors';
import type { MikroORM } from '@mikro-orm/postgresql';
import { NotificationListener } from '../../../platform/src/database/pg-listener';
import type { Logger } from '../../../platform/src/logger';
import type { Caller, Environment, Tenant } from '../../../platform/src/tenancy/tenant';
import { OWN_ROWS, TenantDatabase } from '../../../platform/src/tenancy/tenant-database';
import { Payment } from './entities/payment.entity';
import type { OrdersClient } from './orders-client';
import { orderPaymentsLock, orderPaymentsQuery, paymentOutcomeEvent } from './payment-ledger';
import { amountPaid } from './payment-rules';
import { columnValues, updateStatement } from '../../../platform/src/database/entity-statements';
import { eventStatement } from '../../../platform/src/events/event-log';
import type { ChargeOutcome } from './providers/terminal-provider';
import type { ProviderAccounts } from './provider-accounts';
import { terminalOf, type CardTerminal } from './terminal-simulator';
import { REFUND_ANSWER_TIMEOUT_MS, settleCardRefund } from './refund-settlement';

const DEFAULT_REFUND_SWEEP_MS = 60_000;

/** A card payment claimed by this runner: `attempts` fences off a runner whose lease ran out. */
interface Claim {
  id: string;
  tenant: Tenant;
  attempts: number;
  /** Until when the terminal may take to answer. */
  deadline: Date;
}

export interface PaymentRunnerOptions {
  orm: MikroORM;
  simulator: CardTerminal;
  accounts: (db: TenantDatabase, tenant: Tenant) => ProviderAccounts;
  orders: OrdersClient;
  logger: Logger;
  /** Fallback poll, for leases that ran out and notifications missed. */
  pollIntervalMs?: number;
  /** How long past its deadline a claim stays this runner's. */
  leaseMarginMs?: number;
  /** The least time a runner resuming another's claim gives the terminal to answer. */
  resumeWindowMs?: number;
  /** Card payments driven at once. */
  concurrency?: number;
  /** How often, and after how long, card refunds left pending are asked about again. */
  refundSweepMs?: number;
}

/** The runner acts for the restaurant with the one permission a payment needs. */
function runnerCaller(tenant: Tenant): Caller {
  return {
    ...tenant,
    keyId: 'service:payments-runner',
    role: 'integrator',
    scopes: ['payments:write'],
  };
}

/** A payment as it stands, in one message (no transaction: it is only looked at). */
async function paymentOf(db: TenantDatabase, id: string): Promise<Payment | null> {
  const [payment] = await db.readEntities(Payment, {
    sql: `select * from payments.payments where ${OWN_ROWS} and id = ?`,
    params: [id],
  });
  return payment ?? null;
}

/**
 * Drives card payments: claims them from the database (`for update skip locked`, with a lease),
 * asks the terminal for the card, and records the outcome with its event. Nothing lives only in
 * memory: a runner that stops or dies leaves its payments `processing`, and any runner (after a
 * restart, or another replica) claims them again once the lease has run out; the terminal is
 * asked again with the same payment id, which the adapters treat as the same charge.
 */
export class PaymentRunner {
  private listener?: NotificationListener;
  private timer?: NodeJS.Timeout;
  private running = false;
  private claiming?: Promise<void>;
  private claimAgain = false;
  private readonly inFlight = new Map<Promise<void>, Claim>();
  /** Claims whose charge was abandoned by `stop`, handed back for another runner. */
  private readonly abandoned: Claim[] = [];
  private readonly shutdown = new AbortController();
  private refundSweep?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(private readonly options: PaymentRunnerOptions) {}

  async start(): Promise<void> {
    this.running = true;
    this.listener = new NotificationListener({
      url: this.options.orm.config.get('clientUrl')!,
      channels: ['sotto_payments'],
      onNotification: () => this.wake(),
      onReconnected: () => this.wake(),
      onError: (error) =>
        this.options.logger.error({ err: error }, 'payments: runner listener failed'),
    });
    await this.listener.start();
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs ?? 1000);
    this.refundSweep = setInterval(
      () => void this.sweepRefunds(),
      this.options.refundSweepMs ?? DEFAULT_REFUND_SWEEP_MS,
    );
    this.wake();
  }

  /**
   * Stops claiming and abandons the charges in flight: they stay `processing`, and their leases
   * are ended so that another runner resumes them at once. (A runner that dies without stopping
   * leaves its leases to run out.)
   */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    if (this.refundSweep) clearInterval(this.refundSweep);
    await this.sweeping;
    this.shutdown.abort(new Error('payment runner stopping'));
    await this.claiming;
    await Promise.allSettled([...this.inFlight.keys()]);
    for (const claim of this.abandoned) {
      await this.options.orm.em
        .fork()
        .execute(
          `update "payments"."payments" set "lease_until" = now()
            where "id" = ? and "attempts" = ? and "status" = 'processing'`,
          [claim.id, claim.attempts],
        )
        .catch((error) => this.options.logger.warn({ err: error }, 'payments: lease not ended'));
    }
    await this.listener?.stop();
  }

  /**
   * Asks the providers again about the card refunds still pending well after their request
   * (an answer lost, a provider down, a process killed between the two steps), with the same
   * refund ids: the provider recognises them, so nothing is refunded twice.
   */
  sweepRefunds(): Promise<void> {
    if (!this.running || this.sweeping) return this.sweeping ?? Promise.resolve();
    const sweep = async () => {
      const age = this.options.refundSweepMs ?? DEFAULT_REFUND_SWEEP_MS;
      const pending = await this.options.orm.em
        .fork()
        .execute<{ id: string; restaurant_id: string; environment: Environment }[]>(
          `select "id", "restaurant_id", "environment" from "payments"."refunds"
          where "status" = 'pending' and "created_at" < now() - ? * interval '1 millisecond'
          order by "created_at" limit 50`,
          [age],
        );
      for (const row of pending) {
        if (!this.running) return;
        const tenant = { restaurantId: row.restaurant_id, environment: row.environment };
        const db = new TenantDatabase(this.options.orm.em, tenant);
        await settleCardRefund(
          db,
          row.id,
          (provider) =>
            terminalOf(provider, this.options.simulator, () => this.options.accounts(db, tenant)),
          this.options.logger,
          {
            askingAgain: true,
            signal: AbortSignal.any([
              this.shutdown.signal,
              AbortSignal.timeout(REFUND_ANSWER_TIMEOUT_MS),
            ]),
          },
        );
      }
    };
    this.sweeping = sweep()
      .catch((error) => this.options.logger.error({ err: error }, 'payments: refund sweep failed'))
      .finally(() => {
        this.sweeping = undefined;
      });
    return this.sweeping;
  }

  wake(): void {
    if (!this.running) return;
    if (this.claiming) {
      this.claimAgain = true;
      return;
    }
    this.claiming = this.claimAll()
      .catch((error) => this.options.logger.error({ err: error }, 'payments: claim failed'))
      .finally(() => {
        this.claiming = undefined;
        if (this.claimAgain) {
          this.claimAgain = false;
          this.wake();
        }
      });
  }

  private async claimAll(): Promise<void> {
    while (this.running && this.inFlight.size < (this.options.concurrency ?? 20)) {
      const claim = await this.claimOne();
      if (!claim) return;
      const work: Promise<void> = this.drive(claim)
        .catch((error) =>
          this.options.logger.error({ err: error, payment: claim.id }, 'payments: charge failed'),
        )
        .finally(() => {
          this.inFlight.delete(work);
          this.wake();
        });
      this.inFlight.set(work, claim);
    }
  }

  /**
   * Claims the oldest card payment waiting for a terminal, or one whose runner's lease ran out,
   * across tenants (as the service's own user). A first attempt has until the payment expires;
   * a resumed one at least `resumeWindowMs`, for the provider to find the earlier attempt.
   */
  private async claimOne(): Promise<Claim | null> {
    const margin = this.options.leaseMarginMs ?? 2000;
    const resume = this.options.resumeWindowMs ?? 10_000;
    const rows = await this.options.orm.em.fork().execute<
      {
        id: string;
        restaurant_id: string;
        environment: Environment;
        attempts: number;
        lease_until: Date;
      }[]
    >(
      `update "payments"."payments" as p
          set "status" = 'processing',
              "attempts" = p."attempts" + 1,
              "lease_until" = (case when p."attempts" = 0 then coalesce(p."expires_at", now())
                  else greatest(coalesce(p."expires_at", now()), now() + ? * interval '1 millisecond')
                end) + ? * interval '1 millisecond',
              "updated_at" = now()
        where p."id" = (
          select "id" from "payments"."payments"
           where "method" = 'card'
             and ("status" = 'pending' or ("status" = 'processing' and "lease_until" < now()))
           order by "created_at"
           limit 1
           for update skip locked)
        returning p."id", p."restaurant_id", p."environment", p."attempts", p."lease_until"`,
      [resume, margin],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      tenant: { restaurantId: row.restaurant_id, environment: row.environment },
      attempts: row.attempts,
      deadline: new Date(new Date(row.lease_until).getTime() - margin),
    };
  }

  private async drive(claim: Claim): Promise<void> {
    const db = new TenantDatabase(this.options.orm.em, claim.tenant);
    const payment = await paymentOf(db, claim.id);
    if (!payment) return;
    let terminal: CardTerminal;
    try {
      terminal = await terminalOf(payment.provider, this.options.simulator, () =>
        this.options.accounts(db, claim.tenant),
      );
    } catch (error) {
      // The restaurant has no usable account for the provider: the payment cannot go through.
      if (error instanceof DomainError && error.code === 'PROVIDER_NOT_CONFIGURED') {
        return this.finish(db, claim, { status: 'declined', reason: error.message });
      }
      // Anything else (the database, the key store) passes: the lease runs out, another try.
      this.options.logger.warn(
        { err: error, payment: payment.id },
        'payments: terminal unavailable',
      );
      return;
    }
    const timeout = AbortSignal.timeout(Math.max(0, claim.deadline.getTime() - Date.now()));
    let outcome: ChargeOutcome;
    try {
      outcome = await terminal.charge(
        {
          paymentId: payment.id,
          terminalId: payment.terminalId ?? '',
          amountCents: payment.amountCents,
          tipCents: payment.tipCents,
          currency: payment.currency,
          description: payment.orderId,
        },
        AbortSignal.any([this.shutdown.signal, timeout]),
      );
    } catch (error) {
      if (this.shutdown.signal.aborted) {
        this.abandoned.push(claim); // resumed by the next claim
        return;
      }
      if (timeout.aborted || Date.now() >= claim.deadline.getTime()) {
        return this.finish(db, claim, { status: 'declined', reason: 'terminal_timeout' });
      }
      // The provider did not answer: the lease runs out and the charge is asked again.
      this.options.logger.warn({ err: error, payment: payment.id }, 'payments: terminal error');
      return;
    }
    await this.finish(db, claim, outcome);
  }

  /** Records the terminal's answer, unless another runner has claimed the payment since. */
  private async finish(db: TenantDatabase, claim: Claim, outcome: ChargeOutcome): Promise<void> {
    const payment = await paymentOf(db, claim.id);
    if (!payment) return;
    // The order's total, read before the transaction: a network call holds no lock. Orders being
    // unreachable must not keep a terminal's answer from being recorded: the event then carries
    // no total, and orders compares the amount paid with its own.
    const bill = await this.options.orders
      .bill(runnerCaller(claim.tenant), payment.orderId)
      .catch((error: unknown) => {
        this.options.logger.warn({ err: error, payment: payment.id }, 'payments: bill unavailable');
        return null;
      });
    // Two round trips: the order's payments locked and read (this one among them); then its
    // outcome, its event and the commit.
    const { orderId } = payment;
    await db.lockThenWrite(
      [orderPaymentsLock(orderId), orderPaymentsQuery(orderId, { forUpdate: true })],
      ([, rows]) => {
        const payments = db.entities(Payment, rows!);
        const current = payments.find((candidate) => candidate.id === claim.id);
        if (!current || current.status !== 'processing' || current.attempts !== claim.attempts) {
          return { statements: [], answer: undefined };
        }
        const before = columnValues(db.mapping, current);
        if (outcome.status === 'approved') current.complete(outcome.providerReference);
        else current.fail(outcome.reason, outcome.providerReference ?? null);
        const event = paymentOutcomeEvent(current, amountPaid(payments), bill?.totalCents ?? null);
        const statements = [updateStatement(db.mapping, current, before), eventStatement(event)];
        return { statements, answer: undefined };
      },
    );
  }
}
