import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/postgresql';
import type { Environment } from '../../../../platform/src/tenancy/tenant';
import type { WebhookEndpoint } from './webhook-endpoint.entity';

export const DELIVERY_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One event for one endpoint: the signed body is fixed when the event fans out, so every
 * attempt sends the same bytes under the same `webhook-id` (the event's id). The delivery
 * worker claims due rows with `for update skip locked` and leases them (`lockedUntil`) while it
 * sends; `orderingKey` (the event's aggregate) keeps one order's events in sequence.
 */
export class WebhookDelivery {
  readonly id: string = randomUUID();
  readonly endpoint: WebhookEndpoint;
  readonly restaurantId: string;
  readonly environment: Environment;
  readonly eventId: string;
  readonly eventType: string;
  readonly eventSeq: string | null;
  readonly orderingKey: string | null;
  readonly body: string;
  readonly test: boolean;
  status: DeliveryStatus = 'pending';
  attemptCount = 0;
  nextAttemptAt: Date | null = new Date();
  lockedUntil: Date | null = null;
  deliveredAt: Date | null = null;
  readonly createdAt = new Date();

  constructor(
    endpoint: WebhookEndpoint,
    fields: {
      eventId: string;
      eventType: string;
      eventSeq?: string | null;
      orderingKey?: string | null;
      body: string;
      test?: boolean;
    },
  ) {
    this.endpoint = endpoint;
    this.restaurantId = endpoint.restaurantId;
    this.environment = endpoint.environment;
    this.eventId = fields.eventId;
    this.eventType = fields.eventType;
    this.eventSeq = fields.eventSeq ?? null;
    this.orderingKey = fields.orderingKey ?? null;
    this.body = fields.body;
    this.test = fields.test ?? false;
  }

  /** Due again now, keeping its attempts: a redelivery, or an endpoint enabled again. */
  requeue(now = new Date()): void {
    this.status = 'pending';
    this.nextAttemptAt = now;
    this.deliveredAt = null;
  }
}

export const WebhookDeliverySchema = new EntitySchema<WebhookDelivery>({
  class: WebhookDelivery,
  tableName: 'webhook_deliveries',
  properties: {
    id: { type: 'uuid', primary: true },
    endpoint: { kind: 'm:1', entity: 'WebhookEndpoint', deleteRule: 'cascade' },
    restaurantId: { type: 'string', columnType: 'text' },
    environment: { type: 'string', columnType: 'text' },
    eventId: { type: 'string', columnType: 'text' },
    eventType: { type: 'string', columnType: 'text' },
    eventSeq: { type: 'bigint', nullable: true },
    orderingKey: { type: 'string', columnType: 'text', nullable: true },
    body: { type: 'string', columnType: 'text', lazy: true },
    test: { type: 'boolean' },
    status: { enum: true, items: () => [...DELIVERY_STATUSES] },
    attemptCount: { type: 'integer' },
    nextAttemptAt: { type: 'Date', nullable: true },
    lockedUntil: { type: 'Date', nullable: true },
    deliveredAt: { type: 'Date', nullable: true },
    createdAt: { type: 'Date' },
  },
  uniques: [
    { name: 'webhook_deliveries_endpoint_event_unique', properties: ['endpoint', 'eventId'] },
  ],
  indexes: [
    { name: 'webhook_deliveries_due_idx', properties: ['status', 'nextAttemptAt'] },
    {
      name: 'webhook_deliveries_ordering_idx',
      properties: ['endpoint', 'orderingKey', 'eventSeq'],
    },
    { name: 'webhook_deliveries_endpoint_idx', properties: ['endpoint', 'createdAt'] },
  ],
});
