import { EntitySchema } from '@mikro-orm/postgresql';
import type { WebhookDelivery } from './webhook-delivery.entity';

/** One try at a delivery, as the delivery log shows it. Written by the delivery worker. */
export class WebhookAttempt {
  readonly id!: string;
  readonly delivery!: WebhookDelivery;
  readonly endpointId!: string;
  readonly restaurantId!: string;
  readonly environment!: string;
  readonly number!: number;
  readonly startedAt!: Date;
  readonly latencyMs!: number;
  readonly statusCode!: number | null;
  readonly error!: string | null;
  readonly succeeded!: boolean;
}

export const WebhookAttemptSchema = new EntitySchema<WebhookAttempt>({
  class: WebhookAttempt,
  tableName: 'webhook_attempts',
  properties: {
    id: { type: 'bigint', primary: true },
    delivery: { kind: 'm:1', entity: 'WebhookDelivery', deleteRule: 'cascade' },
    endpointId: { type: 'string', columnType: 'text' },
    restaurantId: { type: 'string', columnType: 'text' },
    environment: { type: 'string', columnType: 'text' },
    number: { type: 'integer' },
    startedAt: { type: 'Date' },
    latencyMs: { type: 'integer' },
    statusCode: { type: 'integer', nullable: true },
    error: { type: 'string', columnType: 'text', nullable: true },
    succeeded: { type: 'boolean' },
  },
  indexes: [
    { name: 'webhook_attempts_delivery_idx', properties: ['delivery', 'number'] },
    { name: 'webhook_attempts_endpoint_idx', properties: ['endpointId', 'startedAt'] },
  ],
});
