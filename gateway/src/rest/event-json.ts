import type { EventType } from '../../../platform/src/events/event-log';
import { formatInstant } from '../../../platform/src/graphql/scalars';
import { serializeRestJson } from './decimal-json';
import {
  inventoryItemFromSnapshot,
  inventoryItemJson,
  type InventoryItemSnapshot,
} from './inventory-json';
import { orderFromSnapshot, orderJson, type OrderSnapshot } from './order-json';
import type { PaymentSnapshot } from '../../../subgraphs/payments/src/payment-snapshot';
import { paymentFromSnapshot, paymentJson } from './payment-json';
import {
  reservationFromSnapshot,
  reservationJson,
  type ReservationSnapshot,
} from './reservation-json';

/**
 * An event's object in the REST layer's JSON, from the snapshot the event carries: each
 * snapshot is read as the GraphQL answer the REST routes get, then mapped by the same function
 * the routes use, so a webhook's `data` is what `GET /api/v1/<resource>/{id}` answers.
 */
export function eventData(type: EventType, payload: Record<string, unknown>): unknown {
  const [domain] = type.split('.');
  switch (domain) {
    case 'order':
      return orderJson(orderFromSnapshot(payload.order as OrderSnapshot));
    case 'reservation':
      return reservationJson(reservationFromSnapshot(payload.reservation as ReservationSnapshot));
    case 'inventory':
      return inventoryItemJson(inventoryItemFromSnapshot(payload.item as InventoryItemSnapshot));
    case 'payment':
      return paymentJson(paymentFromSnapshot(payload.payment as PaymentSnapshot));
    default:
      throw new Error(`no REST JSON for events of type ${type}`);
  }
}

/** A webhook's body: `{"type", "timestamp", "data"}`, amounts written as the REST layer does. */
export function webhookBody(event: {
  type: EventType;
  occurredAt: Date;
  payload: Record<string, unknown>;
}): string {
  return serializeRestJson({
    type: event.type,
    timestamp: formatInstant(event.occurredAt),
    data: eventData(event.type, event.payload),
  });
}
