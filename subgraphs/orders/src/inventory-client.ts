import type { SubgraphClient } from '../../../platform/src/graphql/subgraph-client';
import type { Caller } from '../../../platform/src/tenancy/tenant';

/** A stock item that a basket needs more of than there is, as inventory answers it. */
export interface StockShortage {
  itemName: string;
  unit: string;
  needed: number;
  available: number;
  menuItemIds: string[];
}

const STOCK_SHORTAGES_QUERY = /* GraphQL */ `
  query StockShortagesForOrder($lines: [StockDemandInput!]!) {
    stockShortages(lines: $lines) {
      item {
        name
        unit
      }
      needed
      available
      menuItemIds
    }
  }
`;

interface StockShortagesForOrder {
  stockShortages: {
    item: { name: string; unit: string };
    needed: number;
    available: number;
    menuItemIds: string[];
  }[];
}

/** Asks the inventory subgraph, as the caller, whether stock covers a basket: one request. */
export class InventoryClient {
  constructor(private readonly client: SubgraphClient) {}

  async shortages(
    caller: Caller,
    lines: readonly { menuItemId: string; quantity: number }[],
  ): Promise<StockShortage[]> {
    if (!lines.length) return [];
    const data = await this.client.request<StockShortagesForOrder>(caller, STOCK_SHORTAGES_QUERY, {
      lines: lines.map((line) => ({ menuItemId: line.menuItemId, quantity: line.quantity })),
    });
    return data.stockShortages.map((shortage) => ({
      itemName: shortage.item.name,
      unit: shortage.item.unit,
      needed: shortage.needed,
      available: shortage.available,
      menuItemIds: shortage.menuItemIds,
    }));
  }
}
