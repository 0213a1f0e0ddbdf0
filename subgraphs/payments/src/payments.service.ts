import { DomainError, NotFoundError, ValidationFailed } from '../../../platform/src/errors';
import { hasPrefix } from '../../../platform/src/ids';
import { groupBy } from '../../../platform/src/group-by';
import { centsToDecimalString } from '../../../platform/src/money';
import type { Logger } from '../../../platform/src/logger';
import type { Caller } from '../../../platform/src/tenancy/tenant';
import {
  lockedRowQuery,
  OWN_ROWS,
  type TenantDatabase,
} from '../../../platform/src/tenancy/tenant-database';
import { Payment } from './entities/payment.entity';
import { Refund } from './entities/refund.entity';
import { settleCardRefund } from './refund-settlement';
import { UNPAYABLE_ORDER_STATUSES, type OrdersClient } from './orders-client';
import {
  NOTIFY_RUNNERS,
  orderPaymentsLock,
  orderPaymentsQuery,
  paymentOutcomeEvent,
} from './payment-ledger';
import { amountDue, amountPaid, resolveAmount, validateCents } from './payment-rules';
import {
  columnValues,
  insertStatement,
  updateStatement,
} from '../../../platform/src/database/entity-statements';
import { eventStatement } from '../../../platform/src/events/event-log';
import type { PaymentMethod } from './payment-state-machine';
import type { ProviderAccounts } from './provider-accounts';
import {
  isSimulatedTerminal,
  SIMULATED_TERMINALS,
  SIMULATOR,
  terminalOf,
  type CardTerminal,
} from './terminal-simulator';

export interface PaymentSettings {
  mealVoucherCapCents: number;
  /** How long a terminal waits for the card. */
  terminalTimeoutMs: number;
  simulator: CardTerminal;
  logger: Logger;
}

export interface NewPayment {
  orderId: string;
  method: PaymentMethod;
  amountCents?: number | null;
  tipCents?: number | null;
  terminalId?: string | null;
}

export interface PaymentMethodState {
  method: PaymentMethod;
  available: boolean;
  provider: string | null;
  capCents: number | null;
  reason: string | null;
}

const MAX_TEXT = 500;

function validateText(field: string, value: string | null | undefined, max = MAX_TEXT) {
  if (value != null && (value.trim() === '' || value.length > max)) {
    throw new ValidationFailed('INVALID_FIELD', `Invalid ${field}`, [
      { field, message: `must be 1 to ${max} characters` },
    ]);
  }
}

/**
 * The payment use cases of one tenant. Every change runs in one transaction that serialises
 * the order's payments, applies the rule and appends its event; nothing is written when any
 * step fails. Card payments are only recorded here: the payment runner drives the terminal.
 */
export class PaymentsService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly caller: Caller,
    private readonly orders: OrdersClient,
    private readonly accounts: ProviderAccounts,
    private readonly settings: PaymentSettings,
  ) {}

  async find(id: string): Promise<Payment | null> {
    const [payment] = await this.findMany([id]);
    return payment ?? null;
  }

  async findMany(ids: readonly string[]): Promise<(Payment | null)[]> {
    const known = [...new Set(ids.filter((id) => hasPrefix(id, 'payment')))];
    const payments = known.length
      ? await this.db.readEntities(Payment, {
          sql: `select * from payments.payments where ${OWN_ROWS} and id in (?)`,
          params: [known],
        })
      : [];
    const byId = new Map(payments.map((payment) => [payment.id, payment]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** Each order's payments, oldest first: one query for many orders. */
  async ofOrders(orderIds: readonly string[]): Promise<Payment[][]> {
    const payments = orderIds.length
      ? await this.db.readEntities(Payment, {
          sql: `select * from payments.payments where ${OWN_ROWS} and order_id in (?) order by id`,
          params: [[...new Set(orderIds)]],
        })
      : [];
    const paymentsOf = groupBy(payments, (payment) => payment.orderId);
    return orderIds.map((orderId) => paymentsOf.get(orderId) ?? []);
  }

  /** Each payment's refunds, oldest first: one query for many payments. */
  async refundsOf(paymentIds: readonly string[]): Promise<Refund[][]> {
    const refunds = paymentIds.length
      ? await this.db.readEntities(Refund, {
          sql: `select * from payments.refunds where ${OWN_ROWS} and payment_id in (?) order by id`,
          params: [[...new Set(paymentIds)]],
        })
      : [];
    const refundsOf = groupBy(refunds, (refund) => refund.payment.id);
    return paymentIds.map((id) => refundsOf.get(id) ?? []);
  }

  async create(input: NewPayment): Promise<Payment> {
    validateCents('amount', input.amountCents);
    validateCents('tip', input.tipCents, true);
    validateText('terminal_id', input.terminalId, 64);
    const tipCents = input.tipCents ?? 0;
    if (input.method !== 'card' && input.terminalId != null) {
      throw new ValidationFailed('INVALID_FIELD', 'Only card payments go through a terminal', [
        { field: 'terminal_id', message: `is for card payments, not ${input.method}` },
      ]);
    }
    if (input.method === 'meal_voucher' && tipCents > 0) {
      throw new ValidationFailed('INVALID_FIELD', 'Meal vouchers pay for the meal, not a tip', [
        { field: 'tip', message: 'must be zero with meal vouchers' },
      ]);
    }
    const provider = input.method === 'card' ? await this.cardProvider(input.terminalId) : null;
    const bill = hasPrefix(input.orderId, 'order')
      ? await this.orders.bill(this.caller, input.orderId)
      : null;
    if (!bill) throw new NotFoundError('ORDER_NOT_FOUND', 'Order', input.orderId);
    if (UNPAYABLE_ORDER_STATUSES.includes(bill.status)) {
      throw new DomainError('ORDER_NOT_PAYABLE', `A ${bill.status} order takes no payment`, {
        status: bill.status,
      });
    }

    // Two round trips: the order's payments locked and read; then the payment, its event (or
    // the runners' wake-up for a card) and the commit.
    const { orderId } = bill;
    return this.db.lockThenWrite(
      [orderPaymentsLock(orderId), orderPaymentsQuery(orderId)],
      ([, rows]) => {
        const payments = this.db.entities(Payment, rows!);
        const amountCents = resolveAmount(
          { method: input.method, amountCents: input.amountCents, tipCents },
          amountDue(bill.totalCents, payments),
          this.settings.mealVoucherCapCents,
        );
        const payment = new Payment(this.caller, {
          orderId,
          method: input.method,
          amountCents,
          tipCents,
          currency: bill.currency,
          provider,
          terminalId: input.terminalId ?? null,
          expiresAt:
            input.method === 'card' ? new Date(Date.now() + this.settings.terminalTimeoutMs) : null,
        });
        // Cash is counted and meal vouchers handed over at the table: done at once. A card
        // waits for its terminal, driven by the payment runner.
        if (input.method !== 'card') payment.complete(null);
        const statements = [
          insertStatement(this.db.mapping, payment),
          input.method === 'card'
            ? NOTIFY_RUNNERS
            : eventStatement(
                paymentOutcomeEvent(payment, amountPaid([...payments, payment]), bill.totalCents),
              ),
        ];
        return { statements, answer: payment };
      },
    );
  }

  /**
   * Refunds all or part of a completed payment. Under the payment's row lock, the amount is
   * checked against what was captured and not yet refunded (concurrent refunds included; the
   * check constraint on the row says the same again) and set aside. A card refund is then asked
   * of the provider with no lock held (see `settleCardRefund`): answered `succeeded`, refused as
   * a 409 (recorded `failed`, the amount given back), or left `pending` when the provider does
   * not answer, for the payment runner to ask again with the same id.
   */
  async refund(id: string, amountCents?: number | null, reason?: string | null): Promise<Refund> {
    validateCents('amount', amountCents);
    validateText('reason', reason);
    if (!hasPrefix(id, 'payment')) throw new NotFoundError('PAYMENT_NOT_FOUND', 'Payment', id);
    // Two round trips: the payment locked and read; then the refund, what the payment has
    // refunded, and the commit.
    const locked = lockedRowQuery('payments.payments', id);
    const refund = await this.db.lockThenWrite([locked], ([rows]) => {
      const [payment] = this.db.entities(Payment, rows!);
      if (!payment) throw new NotFoundError('PAYMENT_NOT_FOUND', 'Payment', id);
      const before = columnValues(this.db.mapping, payment);
      if (payment.status !== 'completed') {
        throw new DomainError(
          'PAYMENT_NOT_REFUNDABLE',
          `A ${payment.status} payment cannot be refunded: only completed payments can`,
          { status: payment.status },
        );
      }
      const refundable = payment.refundableCents();
      const amount = amountCents ?? refundable;
      if (refundable === 0 || amount > refundable) {
        throw new DomainError(
          'REFUND_EXCEEDS_CAPTURED',
          `At most ${centsToDecimalString(refundable)} of this payment can still be refunded`,
          { refundable: centsToDecimalString(refundable), amount: centsToDecimalString(amount) },
        );
      }
      const created = new Refund(payment, {
        amountCents: amount,
        reason,
        status: payment.method === 'card' ? 'pending' : 'succeeded',
      });
      payment.refundedCents += amount;
      payment.updatedAt = new Date();
      const statements = [
        updateStatement(this.db.mapping, payment, before),
        insertStatement(this.db.mapping, created),
      ];
      return { statements, answer: created };
    });
    if (refund.status !== 'pending') return refund;
    const settled = await settleCardRefund(
      this.db,
      refund.id,
      (provider) => terminalOf(provider, this.settings.simulator, () => this.accounts),
      this.settings.logger,
      { askingAgain: false },
    );
    if (settled.refusal !== undefined) {
      throw new DomainError('CONFLICT', `The provider refused the refund: ${settled.refusal}`, {
        provider: refund.payment.provider,
        refund_id: refund.id,
      });
    }
    return settled.refund ?? refund;
  }

  /** What the order still owes, given its total (from the orders subgraph, through federation). */
  amountDue(orderPayments: readonly Payment[], totalCents: number): number {
    return amountDue(totalCents, orderPayments);
  }

  async methods(): Promise<PaymentMethodState[]> {
    const card = await this.cardState();
    return [
      card,
      { method: 'cash', available: true, provider: null, capCents: null, reason: null },
      {
        method: 'meal_voucher',
        available: true,
        provider: null,
        capCents: this.settings.mealVoucherCapCents,
        reason: null,
      },
    ];
  }

  private async cardState(): Promise<PaymentMethodState> {
    if (this.caller.environment === 'sandbox') {
      return { method: 'card', available: true, provider: SIMULATOR, capCents: null, reason: null };
    }
    const provider = await this.accounts.active();
    return provider
      ? { method: 'card', available: true, provider, capCents: null, reason: null }
      : {
          method: 'card',
          available: false,
          provider: null,
          capCents: null,
          reason: `no terminal provider is configured for ${this.caller.environment}`,
        };
  }

  /** The provider a new card payment goes to, with its terminal checked. */
  private async cardProvider(terminalId: string | null | undefined): Promise<string> {
    if (!terminalId) {
      throw new ValidationFailed('INVALID_FIELD', 'A card payment needs a terminal', [
        { field: 'terminal_id', message: 'is required for card payments' },
      ]);
    }
    if (this.caller.environment === 'sandbox') {
      if (!isSimulatedTerminal(terminalId)) {
        throw new ValidationFailed(
          'UNKNOWN_TERMINAL',
          `The sandbox's terminals are ${SIMULATED_TERMINALS.join(', ')}`,
          [{ field: 'terminal_id', message: `must be one of ${SIMULATED_TERMINALS.join(', ')}` }],
        );
      }
      return SIMULATOR;
    }
    const provider = await this.accounts.active();
    if (!provider) {
      throw new DomainError(
        'PROVIDER_NOT_CONFIGURED',
        `No card terminal provider is configured for ${this.caller.environment}: configure one with configureTerminalProvider`,
        { environment: this.caller.environment },
      );
    }
    return provider;
  }
}
