import type { EventType } from '../../../platform/src/events/event-log';

/** An event on its way to endpoints: from the event log, or a sample from the simulator. */
export interface EventMessage {
  id: string;
  type: EventType;
  occurredAt: Date;
  payload: Record<string, unknown>;
}

/**
 * Writes a webhook's JSON body, `{"type", "timestamp", "data"}` with `data` in the REST layer's
 * JSON. The launcher gives the REST layer's own mappers (gateway/src/rest/event-json.ts), so
 * that a webhook shows an object exactly as the REST API does.
 */
export type WebhookBodyWriter = (event: EventMessage) => string;
