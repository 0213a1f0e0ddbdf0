import { z } from 'zod';
import { formatInstant } from '../../../platform/src/graphql/scalars';
import {
  ORDER_ITEM_STATUSES,
  ORDER_STATUSES,
} from '../../../subgraphs/orders/src/order-state-machine';
import { Decimal, type WithDecimals } from './decimal-json';
import { instant, lowerCase as lower, money, page } from './openapi/json-schemas';
import { responseSchema } from './openapi/rest-operation';

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

/** The spec's example answer, with what the platform adds. */
const SPEC_ORDER_ANSWER = {
  order_id: 'ord_38592',
  status: 'created',
  created_at: '2023-09-15T14:32:45Z',
  table_id: '12',
  server_id: 'server_3429',
  items: [
    {
      item_id: 'itm_12948',
      menu_item_id: 'burger_1',
      name: 'Burger Classique',
      quantity: 1,
      unit_price: 12.5,
      modifiers: ['no_onions', 'medium_rare'],
      notes: 'Sauce à part',
      status: 'pending',
    },
    {
      item_id: 'itm_12949',
      menu_item_id: 'fries_regular',
      name: 'Frites Maison',
      quantity: 1,
      unit_price: 4.5,
      modifiers: [],
      notes: '',
      status: 'pending',
    },
  ],
  subtotal: 17,
  tax: 1.7,
  total: 18.7,
  currency: 'EUR',
  version: 1,
  updated_at: '2023-09-15T14:32:45Z',
};

export const OrderItemJson = responseSchema(
  'OrderItem',
  z.object({
    item_id: z.string(),
    menu_item_id: z.string(),
    name: z.string(),
    quantity: z.number().int(),
    unit_price: money,
    modifiers: z.array(z.string()),
    notes: z.string(),
    status: z.enum(ORDER_ITEM_STATUSES),
  }),
  { description: 'A line of an order, its name and price as they were when it was ordered' },
);

export const OrderJson = responseSchema(
  'Order',
  z.object({
    order_id: z.string(),
    status: z.enum(ORDER_STATUSES),
    created_at: instant,
    table_id: z.string().nullable(),
    server_id: z.string().nullable(),
    items: z.array(OrderItemJson),
    subtotal: money,
    tax: money,
    total: money,
    currency: z.string(),
    version: z.number().int().meta({ description: 'Bumped by every change; the ETag' }),
    updated_at: instant,
  }),
  { description: 'An order, as in the spec', examples: [SPEC_ORDER_ANSWER] },
);

export const OrderPageJson = responseSchema('OrderPage', page(OrderJson));

/** The spec's order JSON, keys in the spec's order; `currency`, `version`, `updated_at` added. */
export function orderJson(order: GraphQLOrder): WithDecimals<z.infer<typeof OrderJson>> {
  return {
    order_id: order.id,
    status: lower(order.status),
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
      status: lower(item.status),
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
