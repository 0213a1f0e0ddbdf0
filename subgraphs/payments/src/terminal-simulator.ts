import { setTimeout as sleep } from 'node:timers/promises';
import type {
  ChargeOutcome,
  RefundOutcome,
  TerminalCharge,
  TerminalRefund,
} from './providers/terminal-provider';

/** A card terminal as the payment runner drives it: a provider's adapter or the simulator. */
export interface CardTerminal {
  readonly name: string;
  /** See `TerminalProvider.refundsRetrySafe`. */
  readonly refundsRetrySafe: boolean;
  charge(charge: TerminalCharge, signal: AbortSignal): Promise<ChargeOutcome>;
  refund(refund: TerminalRefund, signal: AbortSignal): Promise<RefundOutcome>;
}

export const SIMULATED_TERMINALS = ['sim_ok', 'sim_decline', 'sim_timeout'] as const;
export type SimulatedTerminal = (typeof SIMULATED_TERMINALS)[number];
export const SIMULATOR = 'simulator';

/**
 * The terminal a payment's provider stands for: the sandbox's simulator, or the restaurant's
 * account with that provider (`accounts` is only asked for then).
 */
export function terminalOf(
  provider: string | null,
  simulator: CardTerminal,
  accounts: () => { terminal(provider: string): Promise<CardTerminal> },
): Promise<CardTerminal> {
  return provider === SIMULATOR ? Promise.resolve(simulator) : accounts().terminal(provider ?? '');
}

export function isSimulatedTerminal(value: string): value is SimulatedTerminal {
  return (SIMULATED_TERMINALS as readonly string[]).includes(value);
}

/**
 * The sandbox's card terminal. `sim_ok` approves and `sim_decline` declines after `delayMs`, as
 * long as a real terminal takes to read a card; `sim_timeout` never sees a card and waits until
 * the runner gives up (its signal aborts). Its answers depend only on the payment, so charging
 * the same payment again after a crash gives the same outcome and the same reference.
 */
export class TerminalSimulator implements CardTerminal {
  readonly name = SIMULATOR;
  /** The simulator refunds by id: asking again changes nothing. */
  readonly refundsRetrySafe = true;

  constructor(private readonly delayMs: number) {}

  async charge(charge: TerminalCharge, signal: AbortSignal): Promise<ChargeOutcome> {
    if (!isSimulatedTerminal(charge.terminalId)) {
      throw new Error(`the simulator has no terminal '${charge.terminalId}'`);
    }
    if (charge.terminalId === 'sim_timeout') {
      await new Promise<never>((_resolve, reject) => {
        if (signal.aborted) reject(signal.reason);
        signal.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    await sleep(this.delayMs, undefined, { signal });
    return charge.terminalId === 'sim_ok'
      ? { status: 'approved', providerReference: `sim_${charge.paymentId}` }
      : { status: 'declined', reason: 'declined', providerReference: `sim_${charge.paymentId}` };
  }

  async refund(refund: TerminalRefund): Promise<RefundOutcome> {
    return { status: 'succeeded', providerReference: `sim_${refund.refundId}` };
  }
}
