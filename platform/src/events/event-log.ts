import type { EntityManager } from '@mikro-orm/postgresql';
import { newId } from '../ids';
import type { Tenant } from '../tenancy/tenant';

/** The event types the spec names; each is appended in the transaction of its change. */
export const EVENT_TYPES = [
  'order.created',
  'order.updated',
  'order.status_changed',
  'payment.completed',
  'payment.failed',
  'reservation.created',
  'reservation.arrived',
  'inventory.low_stock',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface NewEvent {
  type: EventType;
  tenant: Tenant;
  aggregate: { type: string; id: string };
  payload: Record<string, unknown>;
}

export interface StoredEvent {
  id: string;
  seq: string;
  cursor: string;
  type: EventType;
  restaurantId: string;
  environment: Tenant['environment'];
  aggregateType: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

/**
 * Appends an event inside the caller's current transaction: it becomes visible when, and only
 * when, the change it describes commits. Call it from within `em.transactional`.
 */
export async function recordEvent(em: EntityManager, event: NewEvent): Promise<string> {
  if (!em.isInTransaction()) throw new Error('recordEvent must run inside a transaction');
  const id = newId('event');
  await em.execute(
    `insert into "events"."event_log"
       ("id", "type", "restaurant_id", "environment", "aggregate_type", "aggregate_id", "payload")
     values (?, ?, ?, ?, ?, ?, ?)`,
    [
      id,
      event.type,
      event.tenant.restaurantId,
      event.tenant.environment,
      event.aggregate.type,
      event.aggregate.id,
      JSON.stringify(event.payload),
    ],
  );
  return id;
}
