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
