import { EntitySchema } from '@mikro-orm/postgresql';
import type { EventType } from '../../../../platform/src/events/event-log';
import { newId } from '../../../../platform/src/ids';
import type { Environment, Tenant } from '../../../../platform/src/tenancy/tenant';

export const WEBHOOK_STATUSES = ['enabled', 'disabled'] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

/** What an endpoint subscribes to: event types, or `*` for all of them. */
export type EventSelector = EventType | '*';

/**
 * An integrator's endpoint. Its secret is kept sealed (`SecretBox`, bound to the tenant and the
 * endpoint's id), because signing needs it in clear; after a rotation the previous secret signs
 * beside the new one until `previousSecretExpiresAt`.
 */
export class WebhookEndpoint {
  readonly id = newId('webhook');
  readonly restaurantId: string;
  readonly environment: Environment;
  targetUrl: string;
  events: EventSelector[];
  description: string | null;
  secretSealed: string;
  previousSecretSealed: string | null = null;
  previousSecretExpiresAt: Date | null = null;
  status: WebhookStatus = 'enabled';
  disabledReason: string | null = null;
  disabledAt: Date | null = null;
  failingSince: Date | null = null;
  readonly createdAt = new Date();
  updatedAt = new Date();

  constructor(
    tenant: Tenant,
    fields: { targetUrl: string; events: EventSelector[]; description?: string | null },
    seal: (id: string) => string,
  ) {
    this.restaurantId = tenant.restaurantId;
    this.environment = tenant.environment;
    this.targetUrl = fields.targetUrl;
    this.events = fields.events;
    this.description = fields.description ?? null;
    this.secretSealed = seal(this.id);
  }

  tenant(): Tenant {
    return { restaurantId: this.restaurantId, environment: this.environment };
  }

  subscribesTo(type: EventType): boolean {
    return this.events.includes('*') || this.events.includes(type);
  }

  /** The new secret signs from now on; the old one too, for `overlapMs`. */
  rotate(sealed: string, overlapMs: number, now = new Date()): void {
    if (overlapMs > 0) {
      this.previousSecretSealed = this.secretSealed;
      this.previousSecretExpiresAt = new Date(now.getTime() + overlapMs);
    } else {
      this.previousSecretSealed = null;
      this.previousSecretExpiresAt = null;
    }
    this.secretSealed = sealed;
    this.updatedAt = now;
  }

  enable(now = new Date()): void {
    this.status = 'enabled';
    this.disabledReason = null;
    this.disabledAt = null;
    this.failingSince = null;
    this.updatedAt = now;
  }
}

export const WebhookEndpointSchema = new EntitySchema<WebhookEndpoint>({
  class: WebhookEndpoint,
  tableName: 'webhook_endpoints',
  properties: {
    id: { type: 'string', columnType: 'text', primary: true },
    restaurantId: { type: 'string', columnType: 'text' },
    environment: { type: 'string', columnType: 'text' },
    targetUrl: { type: 'string', columnType: 'text' },
    events: { type: 'string[]', columnType: 'text[]' },
    description: { type: 'string', columnType: 'text', nullable: true },
    secretSealed: { type: 'string', columnType: 'text' },
    previousSecretSealed: { type: 'string', columnType: 'text', nullable: true },
    previousSecretExpiresAt: { type: 'Date', nullable: true },
    status: { enum: true, items: () => [...WEBHOOK_STATUSES] },
    disabledReason: { type: 'string', columnType: 'text', nullable: true },
    disabledAt: { type: 'Date', nullable: true },
    failingSince: { type: 'Date', nullable: true },
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date' },
  },
  indexes: [
    { name: 'webhook_endpoints_tenant_idx', properties: ['restaurantId', 'environment', 'id'] },
  ],
  checks: [{ name: 'webhook_endpoints_events_check', expression: 'cardinality(events) > 0' }],
});
