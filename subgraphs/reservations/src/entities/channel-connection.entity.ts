import { EntitySchema } from '@mikro-orm/postgresql';
import { newId } from '../../../../platform/src/ids';
import type { Environment, Tenant } from '../../../../platform/src/tenancy/tenant';
import type { InboundChannel } from '../channels/inbound-channels';

/**
 * A booking platform connected to a restaurant: the platform notifies the restaurant's own
 * endpoint, whose URL carries a token. Only the token's SHA-256 is kept (it is shown once); the
 * platform's API credentials, when it has some, are kept sealed. Connecting a platform again
 * replaces its previous connection, whose URL stops working.
 */
export class ChannelConnection {
  readonly id = newId('channelConnection');
  readonly restaurantId: string;
  readonly environment: Environment;
  readonly source: InboundChannel;
  readonly tokenHash: string;
  /** The platform's API credentials, sealed with the service's `SecretBox`; null when none. */
  sealedCredentials: string | null;
  readonly createdAt = new Date();
  revokedAt: Date | null = null;

  constructor(
    tenant: Tenant,
    source: InboundChannel,
    tokenHash: string,
    sealedCredentials: string | null,
  ) {
    this.restaurantId = tenant.restaurantId;
    this.environment = tenant.environment;
    this.source = source;
    this.tokenHash = tokenHash;
    this.sealedCredentials = sealedCredentials;
  }

  tenant(): Tenant {
    return { restaurantId: this.restaurantId, environment: this.environment };
  }

  /** What a sealed value of this connection is bound to: it opens nowhere else. */
  sealingContext(): string {
    return `${this.restaurantId}:${this.environment}:channel:${this.source}:${this.id}`;
  }
}

export const ChannelConnectionSchema = new EntitySchema<ChannelConnection>({
  class: ChannelConnection,
  tableName: 'channel_connections',
  properties: {
    id: { type: 'string', columnType: 'text', primary: true },
    restaurantId: { type: 'string', columnType: 'text' },
    environment: { type: 'string', columnType: 'text' },
    source: { type: 'string', columnType: 'text' },
    tokenHash: { type: 'string', columnType: 'text', unique: true },
    sealedCredentials: { type: 'string', columnType: 'text', nullable: true },
    createdAt: { type: 'Date' },
    revokedAt: { type: 'Date', nullable: true },
  },
  uniques: [
    {
      name: 'channel_connections_live_unique',
      expression: `create unique index "channel_connections_live_unique"
        on "reservations"."channel_connections" ("restaurant_id", "environment", "source")
        where "revoked_at" is null`,
    },
  ],
});
