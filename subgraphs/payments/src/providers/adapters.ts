import type { TerminalProvider } from './terminal-provider';

/**
 * The card terminal providers' adapters, one per provider of the spec. None is built on this
 * branch: every provider is listed by `GET /payments/methods` as not ready, and card payments
 * outside the sandbox are refused with PROVIDER_NOT_CONFIGURED until the adapters land here.
 */
export const TERMINAL_ADAPTERS: readonly TerminalProvider[] = [];
