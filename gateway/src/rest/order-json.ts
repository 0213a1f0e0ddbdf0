import { formatInstant } from '../../../platform/src/graphql/scalars';
import { Decimal } from './decimal-json';

/** The order fields every REST answer selects, in the gateway's GraphQL. */
export const ORDER_FIELDS = /* GraphQL */ `
  fragment RestOrder on Order {
    id
    status
    createdAt
    updatedAt
    tableId
    serverId
    currency
    version
    items {
      id
      menuItemId
      name
      quantity
      unitPrice {
        cents
      }
      modifiers
      notes
      status
    }
    subtotal {
      cents
    }
    tax {
      cents
    }
    total {
      cents
    }
  }
`;

export interface GraphQLOrder {
  id: string;
  status: string;
  createdAt: string;
  updatedAt: string;
  tableId: string | null;
  serverId: string | null;
  currency: string;
  version: number;
  items: {
    id: string;
    menuItemId: string;
    name: string;
    quantity: number;
    unitPrice: { cents: number };
    modifiers: string[];
    notes: string;
    status: string;
  }[];
  subtotal: { cents: number };
  tax: { cents: number };
  total: { cents: number };
}

/** The spec's order JSON, keys in the spec's order; `currency`, `version`, `updated_at` added. */
export function orderJson(order: GraphQLOrder) {
  return {
    order_id: order.id,
    status: order.status.toLowerCase(),
    created_at: order.createdAt,
    table_id: order.tableId,
    server_id: order.serverId,
    items: order.items.map((item) => ({
      item_id: item.id,
      menu_item_id: item.menuItemId,
      name: item.name,
      quantity: item.quantity,
      unit_price: new Decimal(item.unitPrice.cents),
      modifiers: item.modifiers,
      notes: item.notes,
      status: item.status.toLowerCase(),
    })),
    subtotal: new Decimal(order.subtotal.cents),
    tax: new Decimal(order.tax.cents),
    total: new Decimal(order.total.cents),
    currency: order.currency,
    version: order.version,
    updated_at: order.updatedAt,
  };
}

/** The order's version as an entity tag, for `If-Match`. */
export function etagOf(order: GraphQLOrder): string {
  return `"${order.version}"`;
}

/** The order as events carry it (orders' `orderSnapshot`): snake_case, integer cents. */
export interface OrderSnapshot {
  order_id: string;
  status: string;
  table_id: string | null;
  server_id: string | null;
  items: {
    item_id: string;
    menu_item_id: string;
    name: string;
    quantity: number;
    unit_price_cents: number;
    modifiers: string[];
    notes: string;
    status: string;
  }[];
  subtotal_cents: number;
  tax_cents: number;
  total_cents: number;
  currency: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/**
 * An event's order snapshot read as the GraphQL answer `orderJson` maps: renaming only, so
 * that webhooks show an order exactly as `GET /api/v1/orders/{id}` does.
 */
export function orderFromSnapshot(order: OrderSnapshot): GraphQLOrder {
  return {
    id: order.order_id,
    status: order.status,
    createdAt: formatInstant(new Date(order.created_at)),
    updatedAt: formatInstant(new Date(order.updated_at)),
    tableId: order.table_id,
    serverId: order.server_id,
    currency: order.currency,
    version: order.version,
    items: order.items.map((item) => ({
      id: item.item_id,
      menuItemId: item.menu_item_id,
      name: item.name,
      quantity: item.quantity,
      unitPrice: { cents: item.unit_price_cents },
      modifiers: item.modifiers,
      notes: item.notes,
      status: item.status,
    })),
    subtotal: { cents: order.subtotal_cents },
    tax: { cents: order.tax_cents },
    total: { cents: order.total_cents },
  };
}
