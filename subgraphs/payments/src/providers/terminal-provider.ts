/**
 * The one interface every card terminal provider is driven through. The payments service owns
 * the payment's state (`pending → processing → completed | failed`); an adapter only speaks its
 * provider's documented protocol and reports what the terminal did.
 */

export const TERMINAL_PROVIDERS = [
  'adyen',
  'stripe_terminal',
  'sumup',
  'ingenico',
  'worldline',
] as const;
export type TerminalProviderName = (typeof TERMINAL_PROVIDERS)[number];

/** One charge on one terminal, in integer minor units: the card pays `amountCents + tipCents`. */
export interface TerminalCharge {
  /** Our payment id (`pay_…`): the provider's idempotency/reference key, so a retry never charges twice. */
  paymentId: string;
  /** The terminal (reader, POI, device) as the provider names it. */
  terminalId: string;
  /** What the card is charged for the bill, excluding the tip. */
  amountCents: number;
  /** The tip, charged on top of `amountCents`. */
  tipCents: number;
  /** ISO 4217, upper case (`EUR`). */
  currency: string;
  /** Shown on the terminal and in the provider's dashboard: the order id. */
  description: string;
}

export type ChargeOutcome =
  | { status: 'approved'; providerReference: string }
  | { status: 'declined'; reason: string; providerReference?: string };

export interface TerminalRefund {
  /** Our refund id (`ref_…`), used as the provider's idempotency/reference key. */
  refundId: string;
  /** The provider's reference of the approved charge, as `charge` returned it. */
  providerReference: string;
  amountCents: number;
  currency: string;
  reason?: string;
}

export type RefundOutcome =
  { status: 'succeeded'; providerReference: string } | { status: 'failed'; reason: string };

/** Where an adapter stands: finished, or why not (shown by `GET /payments/methods`). */
export type ProviderReadiness = { ready: true } | { ready: false; reason: string };

export interface TerminalProvider<Credentials = unknown> {
  readonly name: TerminalProviderName;
  /** The provider's documentation the adapter follows (URL), for the README and the methods list. */
  readonly documentation: string;
  readonly readiness: ProviderReadiness;
  /**
   * Whether asking again for a refund whose answer was lost, with the same refund id, is
   * recognised by the provider as the same refund (an idempotency key it honours). Refunds of a
   * provider without it are never asked twice: a lost answer leaves the refund `pending` for a
   * person to reconcile with the provider.
   */
  readonly refundsRetrySafe: boolean;
  /**
   * Validates credentials as a restaurant submits them (API key, merchant code, endpoint…);
   * throws a `ProviderCredentialsError` naming the bad field. The result is what is stored,
   * encrypted, and handed back to `charge` and `refund`.
   */
  parseCredentials(input: unknown): Credentials;
  /**
   * Asks the terminal for the card and resolves once the provider knows the outcome: an
   * approval, a decline, or a rejection (network, timeout through `signal`). Must be safe to call
   * again with the same `paymentId` after a crash: it then resumes or finds the earlier attempt
   * instead of charging twice.
   */
  charge(
    charge: TerminalCharge,
    credentials: Credentials,
    signal: AbortSignal,
  ): Promise<ChargeOutcome>;
  /** Refunds all or part of an approved charge. */
  refund(
    refund: TerminalRefund,
    credentials: Credentials,
    signal: AbortSignal,
  ): Promise<RefundOutcome>;
}

/** Credentials a restaurant submitted that the provider's adapter cannot use. */
export class ProviderCredentialsError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'ProviderCredentialsError';
  }
}

/** The provider answered in a way its documentation does not describe, or not at all. */
export class ProviderProtocolError extends Error {
  constructor(
    readonly provider: TerminalProviderName,
    message: string,
    readonly httpStatus?: number,
  ) {
    super(message);
    this.name = 'ProviderProtocolError';
  }
}
