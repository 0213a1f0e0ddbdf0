import { formatInstant as instant } from '../../../platform/src/graphql/scalars';
import type { EventType } from '../../../platform/src/events/event-log';
import { newId } from '../../../platform/src/ids';
import type { EventMessage } from './event-message';

/**
 * What the simulator sends: one realistic event of each type, in the snapshot form the domains
 * append to the event log (snake_case, integer cents), with fresh ids so that a receiver's
 * deduplication by `webhook-id` does not swallow a second test. The order is the spec's
 * example (17.00 + 1.70 of VAT = 18.70).
 */
export function sampleEvent(type: EventType, now = new Date()): EventMessage {
  const at = instant(now);
  const orderId = newId('order', now.getTime());
  const order = {
    order_id: orderId,
    status: type === 'order.status_changed' ? 'in_progress' : 'created',
    table_id: '12',
    server_id: 'server_3429',
    items: [
      {
        item_id: newId('orderItem', now.getTime()),
        menu_item_id: 'burger_1',
        name: 'Burger Classique',
        quantity: 1,
        unit_price_cents: 1250,
        modifiers: ['no_onions', 'medium_rare'],
        notes: 'Sauce à part',
        status: 'pending',
      },
      {
        item_id: newId('orderItem', now.getTime()),
        menu_item_id: 'fries_regular',
        name: 'Frites Maison',
        quantity: 1,
        unit_price_cents: 450,
        modifiers: [],
        notes: '',
        status: 'pending',
      },
    ],
    subtotal_cents: 1700,
    tax_cents: 170,
    total_cents: 1870,
    currency: 'EUR',
    version: type === 'order.created' ? 1 : 2,
    created_at: at,
    updated_at: at,
  };
  const payment = {
    payment_id: newId('payment', now.getTime()),
    order_id: orderId,
    status: type === 'payment.failed' ? 'failed' : 'completed',
    method: 'card',
    provider: 'simulator',
    terminal_id: 'sim_ok',
    amount_cents: 1870,
    tip_cents: 0,
    refunded_cents: 0,
    refundable_cents: type === 'payment.failed' ? 0 : 1870,
    currency: 'EUR',
    failure_reason: type === 'payment.failed' ? 'card_declined' : null,
    created_at: at,
    updated_at: at,
    completed_at: type === 'payment.failed' ? null : at,
  };
  const start = new Date(now.getTime() + 86_400_000);
  start.setUTCHours(19, 0, 0, 0);
  const reservation = {
    reservation_id: newId('reservation', now.getTime()),
    status: type === 'reservation.arrived' ? 'arrived' : 'confirmed',
    customer_name: 'Camille Martin',
    customer_phone: '+33612345678',
    customer_email: null,
    party_size: 4,
    table_id: '12',
    table_ids: ['12'],
    start_time: instant(start),
    end_time: instant(new Date(start.getTime() + 2 * 3_600_000)),
    duration_minutes: 120,
    source: 'phone',
    external_id: null,
    notes: 'Anniversaire',
    version: type === 'reservation.created' ? 1 : 2,
    created_at: at,
    updated_at: at,
  };
  const item = {
    item_id: newId('inventoryItem', now.getTime()),
    sku: 'STEAK-HACHE',
    name: 'Steak haché 150 g',
    unit: 'unit',
    quantity: 4,
    low_stock_threshold: 5,
    low_stock: true,
    low_stock_since: at,
    created_at: at,
    updated_at: at,
  };
  const payloads: Record<EventType, Record<string, unknown>> = {
    'order.created': { order },
    'order.updated': { order },
    'order.status_changed': { order, previous_status: 'created' },
    'payment.completed': { payment },
    'payment.failed': { payment },
    'reservation.created': { reservation },
    'reservation.arrived': { reservation },
    'inventory.low_stock': { item },
  };
  return { id: newId('event', now.getTime()), type, occurredAt: now, payload: payloads[type] };
}
