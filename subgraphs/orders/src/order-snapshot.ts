import type { Order } from './entities/order.entity';

/** The order as an event carries it: amounts in integer cents, names in snake_case. */
export function orderSnapshot(order: Order) {
  return {
    order_id: order.id,
    status: order.status,
    table_id: order.tableId,
    server_id: order.serverId,
    items: order.items.getItems().map((item) => ({
      item_id: item.id,
      menu_item_id: item.menuItemId,
      name: item.name,
      quantity: item.quantity,
      unit_price_cents: item.unitPriceCents,
      modifiers: item.modifiers,
      notes: item.notes,
      status: item.status,
      station: item.station,
    })),
    subtotal_cents: order.subtotalCents,
    tax_cents: order.taxCents,
    total_cents: order.totalCents,
    currency: order.currency,
    version: order.version,
    created_at: order.createdAt.toISOString(),
    updated_at: order.updatedAt.toISOString(),
  };
}
