import { createAdyenProvider } from './adyen';
import { createIngenicoProvider } from './ingenico';
import { createStripeTerminalProvider } from './stripe-terminal';
import { createSumUpProvider } from './sumup';
import type { TerminalProvider } from './terminal-provider';
import { createWorldlineProvider } from './worldline';

/**
 * The five card terminal providers of the spec, on their documented production hosts, in the
 * order of `TERMINAL_PROVIDERS`. Adapters that cannot be finished say so in `readiness`.
 */
export const TERMINAL_ADAPTERS: readonly TerminalProvider[] = [
  createAdyenProvider(),
  createStripeTerminalProvider(),
  createSumUpProvider(),
  createIngenicoProvider(),
  createWorldlineProvider(),
];
