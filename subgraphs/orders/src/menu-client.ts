import type { SubgraphClient } from '../../../platform/src/graphql/subgraph-client';
import type { Caller } from '../../../platform/src/tenancy/tenant';

/** What orders needs to know about a menu item to price and route it. */
export interface MenuItemFacts {
  id: string;
  name: string;
  priceCents: number;
  currency: string;
  taxRateBasisPoints: number;
  station: string;
  available: boolean;
  modifierPrices: Map<string, number>;
}

const MENU_ITEMS_QUERY = /* GraphQL */ `
  query MenuItemsForOrder($ids: [ID!]!) {
    menuItems(ids: $ids) {
      id
      name
      price {
        cents
        currency
      }
      taxRateBasisPoints
      station
      available
      modifiers {
        id
        price {
          cents
        }
      }
    }
  }
`;

interface MenuItemsForOrder {
  menuItems: {
    id: string;
    name: string;
    price: { cents: number; currency: string };
    taxRateBasisPoints: number;
    station: string;
    available: boolean;
    modifiers: { id: string; price: { cents: number } }[];
  }[];
}

/** Reads menu facts from the menu subgraph, as the caller, in one request per order change. */
export class MenuClient {
  constructor(private readonly client: SubgraphClient) {}

  async lookup(caller: Caller, codes: readonly string[]): Promise<Map<string, MenuItemFacts>> {
    const ids = [...new Set(codes)];
    if (!ids.length) return new Map();
    const data = await this.client.request<MenuItemsForOrder>(caller, MENU_ITEMS_QUERY, { ids });
    return new Map(
      data.menuItems.map((item) => [
        item.id,
        {
          id: item.id,
          name: item.name,
          priceCents: item.price.cents,
          currency: item.price.currency,
          taxRateBasisPoints: item.taxRateBasisPoints,
          station: item.station,
          available: item.available,
          modifierPrices: new Map(item.modifiers.map((m) => [m.id, m.price.cents])),
        },
      ]),
    );
  }
}
