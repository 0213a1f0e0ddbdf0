import type { EntityManager } from '@mikro-orm/postgresql';
import { newId } from '../ids';
import type { Tenant } from '../tenancy/tenant';
import type { SqlQuery } from '../tenancy/tenant-database';

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

/** The statement appending `event` under a new id (`recordEvent`, `TenantDatabase.write`). */
export function eventStatement(event: NewEvent): SqlQuery & { id: string } {
  const id = newId('event');
  return {
    id,
    sql: `insert into "events"."event_log"
       ("id", "type", "restaurant_id", "environment", "aggregate_type", "aggregate_id", "payload")
     values (?, ?, ?, ?, ?, ?, ?)`,
    params: [
      id,
      event.type,
      event.tenant.restaurantId,
      event.tenant.environment,
      event.aggregate.type,
      event.aggregate.id,
      JSON.stringify(event.payload),
    ],
  };
}

/**
 * Whether an event is still in the log, asked inside the tenant transaction that acts on it:
 * a sandbox reset drops the sandbox's events before it removes and re-seeds the data, so a
 * consumer that read an event before the reset and acts after it finds it gone here (after
 * taking its locks, this sees the reset's committed drop) and must write nothing.
 */
export async function isStillLogged(em: EntityManager, event: { id: string }): Promise<boolean> {
  const rows = await em.execute('select 1 from "events"."event_log" where id = ?', [event.id]);
  return rows.length > 0;
}

/**
 * Appends an event inside the caller's current transaction: it becomes visible when, and only
 * when, the change it describes commits. Call it from within `em.transactional`; a change sent
 * in one message (`TenantDatabase.write`) appends `eventStatement` among its statements.
 */
export async function recordEvent(em: EntityManager, event: NewEvent): Promise<string> {
  if (!em.isInTransaction()) throw new Error('recordEvent must run inside a transaction');
  const { id, sql, params } = eventStatement(event);
  await em.execute(sql, [...params!]);
  return id;
}
