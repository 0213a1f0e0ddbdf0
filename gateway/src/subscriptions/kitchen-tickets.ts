import { Kind, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Caller } from '../../../platform/src/tenancy/tenant';
import type { EntityResolver } from './entity-query';

/** Item statuses still to cook: a ticket shows these. */
const OPEN_ITEM_STATUSES = new Set(['PENDING', 'PREPARING']);

/**
 * What kitchenTickets adds to the subscriber's selection: the items' stations, to narrow them,
 * and the order's version, not to send the same state of an order twice.
 */
const KITCHEN_ITEMS = 'sottoKitchenItems';
const KITCHEN_VERSION = 'sottoKitchenVersion';
export const KITCHEN_SELECTION = `\n  ${KITCHEN_ITEMS}: items { station status }\n  ${KITCHEN_VERSION}: version`;

interface KitchenItem {
  station: string;
  status: string;
}

/** The response keys under which the selection reads `Order.items` (aliases, fragments). */
export function itemResponseKeys(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  keys = new Set<string>(),
): Set<string> {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === 'items') keys.add(selection.alias?.value ?? 'items');
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      itemResponseKeys(selection.selectionSet, fragments, keys);
    } else {
      const fragment = fragments.get(selection.name.value);
      if (fragment) itemResponseKeys(fragment.selectionSet, fragments, keys);
    }
  }
  return keys;
}

const isOpenAt = (station: string | undefined) => (item: KitchenItem) =>
  OPEN_ITEM_STATUSES.has(item.status) && (station === undefined || item.station === station);

/**
 * The order as a ticket of `station`: each list of items the subscriber selected narrowed to
 * the items still to cook there, and the order's version. A copy: the resolved order is shared
 * between subscribers.
 */
export function narrowToStation(
  order: Record<string, unknown>,
  itemKeys: Set<string>,
  station: string | undefined,
): { ticket: Record<string, unknown>; version: number } {
  const { [KITCHEN_ITEMS]: kitchen, [KITCHEN_VERSION]: version, ...ticket } = order;
  const open = ((kitchen ?? []) as KitchenItem[]).map(isOpenAt(station));
  for (const key of itemKeys) {
    const items = ticket[key];
    if (Array.isArray(items)) ticket[key] = items.filter((_item, index) => open[index]);
  }
  return { ticket, version: Number(version) };
}

const OPEN_ORDERS = `query SottoKitchenTickets($after: String) {
  orders(first: 100, after: $after) {
    nodes { id items { station status } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface OpenOrdersPage {
  orders: {
    nodes: { id: string; items: KitchenItem[] }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}

/** The active orders with items still to cook at `station`, oldest first. */
export async function openTicketIds(
  resolver: EntityResolver,
  caller: Caller,
  station: string | undefined,
  requestId: string,
): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const result = await resolver.execute(caller, OPEN_ORDERS, { after }, requestId);
    if (result.errors?.length) throw result.errors[0];
    const page = (result.data as unknown as OpenOrdersPage).orders;
    for (const order of page.nodes) if (order.items.some(isOpenAt(station))) ids.push(order.id);
    if (!page.pageInfo.hasNextPage) return ids;
    after = page.pageInfo.endCursor;
  }
}
