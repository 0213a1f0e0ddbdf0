import type { MikroORM } from '@mikro-orm/postgresql';
import type { SecretBox } from '../../../platform/src/crypto/secret-box';
import { openSecretBox } from '../../../platform/src/crypto/secret-key-store';
import type { Tenant } from '../../../platform/src/tenancy/tenant';

export const WEBHOOKS_SCHEMA = 'webhooks';

interface SealedSecrets {
  id: string;
  restaurantId: string;
  environment: Tenant['environment'];
  secretSealed: string;
  previousSecretSealed: string | null;
  previousSecretExpiresAt: Date | null;
}

/**
 * Seals and opens endpoints' signing secrets. Each is bound to its restaurant, environment and
 * endpoint: a sealed secret copied to another row does not open there.
 */
export class WebhookSecrets {
  private box?: Promise<SecretBox>;

  constructor(
    private readonly orm: MikroORM,
    private readonly configuredKey?: string,
  ) {}

  /** Seals secrets of the tenant's endpoints, each bound to its endpoint's id. */
  async sealer(tenant: Tenant): Promise<(secret: string, endpointId: string) => string> {
    const box = await this.openBox();
    return (secret, endpointId) => box.seal(secret, contextOf(tenant, endpointId));
  }

  /** The secrets that sign now: the current one, and the previous one during an overlap. */
  async signing(endpoint: SealedSecrets, now = new Date()): Promise<string[]> {
    const box = await this.openBox();
    const context = contextOf(endpoint, endpoint.id);
    const secrets = [box.open(endpoint.secretSealed, context)];
    if (
      endpoint.previousSecretSealed &&
      endpoint.previousSecretExpiresAt &&
      endpoint.previousSecretExpiresAt > now
    ) {
      secrets.push(box.open(endpoint.previousSecretSealed, context));
    }
    return secrets;
  }

  private openBox(): Promise<SecretBox> {
    this.box ??= openSecretBox(this.orm.em.fork(), WEBHOOKS_SCHEMA, this.configuredKey).catch(
      (error: unknown) => {
        this.box = undefined;
        throw error;
      },
    );
    return this.box;
  }
}

const contextOf = (tenant: Tenant, endpointId: string) =>
  `webhook-secret:${tenant.restaurantId}:${tenant.environment}:${endpointId}`;
