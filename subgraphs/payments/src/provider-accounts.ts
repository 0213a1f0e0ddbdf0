import type { EntityManager } from '@mikro-orm/postgresql';
import type { SecretBox } from '../../../platform/src/crypto/secret-box';
import { DomainError, ValidationFailed } from '../../../platform/src/errors';
import type { Tenant } from '../../../platform/src/tenancy/tenant';
import type { TenantDatabase } from '../../../platform/src/tenancy/tenant-database';
import { credentialsContext, ProviderAccount } from './entities/provider-account.entity';
import {
  ProviderCredentialsError,
  TERMINAL_PROVIDERS,
  type TerminalProvider,
  type TerminalProviderName,
} from './providers/terminal-provider';
import type { CardTerminal } from './terminal-simulator';

export interface TerminalProviderState {
  provider: TerminalProviderName;
  configured: boolean;
  ready: boolean;
  reason: string | null;
  documentation: string | null;
  configuredAt: Date | null;
}

/** The adapters this build has, and the service's key for sealing credentials. */
export interface TerminalProviderRegistry {
  adapters: readonly TerminalProvider[];
  secrets: () => Promise<SecretBox>;
}

function isProviderName(value: string): value is TerminalProviderName {
  return (TERMINAL_PROVIDERS as readonly string[]).includes(value);
}

/** A configured provider bound to the restaurant's credentials: what charges a card. */
function boundTerminal(adapter: TerminalProvider, credentials: unknown): CardTerminal {
  return {
    name: adapter.name,
    refundsRetrySafe: adapter.refundsRetrySafe,
    charge: (charge, signal) => adapter.charge(charge, credentials, signal),
    refund: (refund, signal) => adapter.refund(refund, credentials, signal),
  };
}

/**
 * A restaurant's accounts with card terminal providers, in one environment. Credentials are
 * validated by the provider's adapter, sealed, and only ever opened to drive a terminal.
 */
export class ProviderAccounts {
  constructor(
    private readonly db: TenantDatabase,
    private readonly tenant: Tenant,
    private readonly registry: TerminalProviderRegistry,
  ) {}

  private adapterOf(provider: string): TerminalProvider | undefined {
    return this.registry.adapters.find((adapter) => adapter.name === provider);
  }

  async configure(
    provider: string,
    fields: readonly { name: string; value: string }[],
  ): Promise<TerminalProviderState> {
    if (!isProviderName(provider)) {
      throw new ValidationFailed('INVALID_FIELD', `Unknown terminal provider '${provider}'`, [
        { field: 'provider', message: `must be one of ${TERMINAL_PROVIDERS.join(', ')}` },
      ]);
    }
    const adapter = this.adapterOf(provider);
    if (!adapter) {
      throw new ValidationFailed(
        'INVALID_FIELD',
        `This build has no adapter for '${provider}': its credentials cannot be checked`,
        [{ field: 'provider', message: 'has no adapter in this build' }],
      );
    }
    const names = fields.map((field) => field.name);
    if (new Set(names).size !== names.length) {
      throw new ValidationFailed('INVALID_FIELD', 'A credential is given twice', [
        { field: 'credentials', message: 'names must be unique' },
      ]);
    }
    let credentials: unknown;
    try {
      credentials = adapter.parseCredentials(
        Object.fromEntries(fields.map((field) => [field.name, field.value])),
      );
    } catch (error) {
      if (!(error instanceof ProviderCredentialsError)) throw error;
      // The adapter's message names the field, never its value.
      throw new ValidationFailed('INVALID_CREDENTIALS', error.message, [
        { field: `credentials.${error.field}`, message: error.message },
      ]);
    }
    const sealed = (await this.registry.secrets()).seal(
      JSON.stringify(credentials),
      credentialsContext(this.tenant, provider),
    );
    await this.db.transaction(async (em) => {
      const existing = await em.findOne(ProviderAccount, { provider });
      if (existing) {
        existing.sealedCredentials = sealed;
        existing.configuredAt = new Date();
      } else {
        em.persist(new ProviderAccount(this.tenant, provider, sealed));
      }
      await em.flush();
    });
    return (await this.states()).find((state) => state.provider === provider)!;
  }

  /** The five providers, with what the restaurant configured and whether each adapter is built. */
  async states(): Promise<TerminalProviderState[]> {
    const accounts = await this.db.transaction((em) => em.find(ProviderAccount, {}));
    return TERMINAL_PROVIDERS.map((provider) => {
      const adapter = this.adapterOf(provider);
      const account = accounts.find((candidate) => candidate.provider === provider);
      const readiness = adapter?.readiness ?? {
        ready: false as const,
        reason: 'no adapter in this build',
      };
      return {
        provider,
        configured: Boolean(account),
        ready: readiness.ready,
        reason: readiness.ready ? null : readiness.reason,
        documentation: adapter?.documentation ?? null,
        configuredAt: account?.configuredAt ?? null,
      };
    });
  }

  /**
   * The terminal provider that takes the restaurant's card payments: the one configured most
   * recently among those whose adapter is ready; null when there is none.
   */
  async active(em?: EntityManager): Promise<TerminalProviderName | null> {
    const accounts = await (em
      ? em.find(ProviderAccount, {}, { orderBy: { configuredAt: 'desc' } })
      : this.db.transaction((tx) =>
          tx.find(ProviderAccount, {}, { orderBy: { configuredAt: 'desc' } }),
        ));
    const usable = accounts.find((account) => this.adapterOf(account.provider)?.readiness.ready);
    return usable?.provider ?? null;
  }

  /** The provider's adapter bound to the restaurant's credentials, opened for one charge. */
  async terminal(provider: string): Promise<CardTerminal> {
    const adapter = this.adapterOf(provider);
    const account = isProviderName(provider)
      ? await this.db.transaction((em) => em.findOne(ProviderAccount, { provider }))
      : null;
    if (!adapter || !account) {
      throw new DomainError(
        'PROVIDER_NOT_CONFIGURED',
        `The restaurant has no usable '${provider}' account in ${this.tenant.environment}`,
      );
    }
    const credentials: unknown = JSON.parse(
      (await this.registry.secrets()).open(
        account.sealedCredentials,
        credentialsContext(this.tenant, provider),
      ),
    );
    return boundTerminal(adapter, credentials);
  }
}
