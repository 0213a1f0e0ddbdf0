import {
  ProviderProtocolError,
  type TerminalProvider,
  type TerminalProviderName,
} from './terminal-provider';

/**
 * An adapter that cannot be finished. It says why (`readiness`, shown by
 * `GET /payments/methods`), and any charge or refund is refused before a single request leaves
 * the process: never a pretended approval.
 */
export function unavailableProvider<Credentials>(spec: {
  name: TerminalProviderName;
  documentation: string;
  reason: string;
  parseCredentials: (input: unknown) => Credentials;
}): TerminalProvider<Credentials> {
  const refuse = (): never => {
    throw new ProviderProtocolError(spec.name, `${spec.name} is not available: ${spec.reason}`);
  };
  return {
    name: spec.name,
    documentation: spec.documentation,
    readiness: { ready: false, reason: spec.reason },
    refundsRetrySafe: false,
    parseCredentials: spec.parseCredentials,
    charge: async () => refuse(),
    refund: async () => refuse(),
  };
}
