import { EntitySchema } from '@mikro-orm/postgresql';
import type { Environment, Tenant } from '../../../../platform/src/tenancy/tenant';
import type { TerminalProviderName } from '../providers/terminal-provider';

/**
 * A restaurant's account with a card terminal provider in one environment. The credentials are
 * sealed with the service's `SecretBox`, bound to restaurant, environment and provider, and
 * never leave the payments service.
 */
export class ProviderAccount {
  readonly restaurantId: string;
  readonly environment: Environment;
  readonly createdAt = new Date();
  configuredAt = new Date();

  constructor(
    tenant: Tenant,
    readonly provider: TerminalProviderName,
    public sealedCredentials: string,
  ) {
    this.restaurantId = tenant.restaurantId;
    this.environment = tenant.environment;
  }
}

/** What a sealed credential is bound to: opened anywhere else, it does not open. */
export function credentialsContext(tenant: Tenant, provider: string): string {
  return `payments:provider-credentials:${tenant.restaurantId}:${tenant.environment}:${provider}`;
}

export const ProviderAccountSchema = new EntitySchema<ProviderAccount>({
  class: ProviderAccount,
  tableName: 'provider_accounts',
  properties: {
    restaurantId: { type: 'string', columnType: 'text', primary: true },
    environment: { type: 'string', columnType: 'text', primary: true },
    provider: { type: 'string', columnType: 'text', primary: true },
    sealedCredentials: { type: 'string', columnType: 'text' },
    createdAt: { type: 'Date' },
    configuredAt: { type: 'Date' },
  },
});
