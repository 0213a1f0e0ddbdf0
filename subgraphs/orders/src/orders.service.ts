import {
  DomainError,
  NotFoundError,
  assertExpectedVersion,
  ValidationFailed,
} from '../../../platform/src/errors';
import { insertStatement } from '../../../platform/src/database/entity-statements';
import { eventStatement } from '../../../platform/src/events/event-log';
import { hasPrefix } from '../../../platform/src/ids';
import type { Caller } from '../../../platform/src/tenancy/tenant';
import {
  OWN_ROWS,
  type SqlValue,
  type TenantDatabase,
} from '../../../platform/src/tenancy/tenant-database';
import { TenantWhere } from '../../../platform/src/tenancy/tenant-where';
import { OrderItem } from './entities/order-item.entity';
import { Order } from './entities/order.entity';
import type { InventoryClient } from './inventory-client';
import type { MenuClient } from './menu-client';
import {
  buildLines,
  refuseUncoveredLines,
  validateReference,
  type OrderLineInput,
  type ValidLine,
} from './order-lines';
import {
  ACTIVE_ORDER_STATUSES,
  assertItemTransition,
  assertOrderTransition,
  ORDERS_ACCEPTING_ITEMS,
  type OrderItemStatus,
  type OrderStatus,
} from './order-state-machine';
import { changeOrder, orderEvent, type OrderEvent } from './order-change';
import { ordersFromRows, ordersWithItems } from './order-rows';

export interface OrderPage {
  orders: Order[];
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface OrderFilter {
  statuses?: readonly OrderStatus[] | null;
  tableId?: string | null;
  serverId?: string | null;
  first?: number | null;
  after?: string | null;
}

export interface OrderDetails {
  tableId?: string | null;
  serverId?: string | null;
  items: readonly OrderLineInput[];
}

/**
 * The order use cases of one tenant. Every change runs in one transaction that locks the order
 * row, checks the expected version, applies the rule and appends its event; nothing is written
 * when any step fails.
 */
export class OrdersService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly caller: Caller,
    private readonly menu: MenuClient,
    private readonly inventory: InventoryClient,
  ) {}

  async find(id: string): Promise<Order | null> {
    const [order] = await this.load([id]);
    return order ?? null;
  }

  async get(id: string): Promise<Order> {
    const order = await this.find(id);
    if (!order) throw new NotFoundError('ORDER_NOT_FOUND', 'Order', id);
    return order;
  }

  /** One query for many ids, in the order asked; `null` where the id is unknown here. */
  async findMany(ids: readonly string[]): Promise<(Order | null)[]> {
    const orders = await this.load(ids);
    const byId = new Map(orders.map((order) => [order.id, order]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /** These orders with their items, in one round trip: the hot read of GET and `order(id)`. */
  private async load(ids: readonly string[]): Promise<Order[]> {
    const known = [...new Set(ids.filter((id) => hasPrefix(id, 'order')))];
    if (!known.length) return [];
    return this.readWithItems(`${OWN_ROWS} and id in (?)`, [known]);
  }

  /** The orders that `selection` picks, with their items, in one round trip (`ordersWithItems`). */
  private async readWithItems(selection: string, params: readonly SqlValue[]): Promise<Order[]> {
    return ordersFromRows(this.db, await this.db.read(ordersWithItems(selection, params)));
  }

  async list(filter: OrderFilter): Promise<OrderPage> {
    const first = filter.first ?? 50;
    if (!Number.isInteger(first) || first < 1 || first > 100) {
      throw new ValidationFailed('INVALID_FIELD', 'Page size must be 1 to 100', [
        { field: 'first', message: 'must be a whole number from 1 to 100' },
      ]);
    }
    if (filter.after != null && !hasPrefix(filter.after, 'order')) {
      throw new ValidationFailed('INVALID_FIELD', 'Unknown cursor', [
        { field: 'after', message: 'must be the end cursor of a previous page' },
      ]);
    }
    const where = new TenantWhere().and('status in (?)', [
      ...(filter.statuses?.length ? filter.statuses : ACTIVE_ORDER_STATUSES),
    ]);
    if (filter.tableId != null) where.and('table_id = ?', filter.tableId);
    if (filter.serverId != null) where.and('server_id = ?', filter.serverId);
    if (filter.after != null) where.and('id > ?', filter.after);
    const rows = await this.readWithItems(`${where} order by id limit ?`, [
      ...where.params,
      first + 1,
    ]);
    const orders = rows.slice(0, first);
    return {
      orders,
      hasNextPage: rows.length > first,
      endCursor: orders.at(-1)?.id ?? null,
    };
  }

  async create(details: OrderDetails): Promise<Order> {
    validateReference('table_id', details.tableId);
    validateReference('server_id', details.serverId);
    const lines = await this.priceLines(details.items);
    const order = new Order(this.caller, details);
    if (lines[0]) order.currency = lines[0].currency;
    this.addLines(order, lines);
    order.reprice();
    // All known in advance: the order, its items and its event, in one round trip.
    const { mapping } = this.db;
    await this.db.write([
      insertStatement(mapping, order),
      ...order.items.getItems().map((item) => insertStatement(mapping, item)),
      eventStatement(orderEvent(order, { type: 'order.created' })),
    ]);
    return order;
  }

  /** Replaces table, server and items, only while every item is still pending. */
  async replace(id: string, details: OrderDetails, expectedVersion?: number | null) {
    validateReference('table_id', details.tableId);
    validateReference('server_id', details.serverId);
    const lines = await this.priceLines(details.items);
    return this.change(id, expectedVersion, (order, events) => {
      const started = order.items.getItems().some((item) => item.status !== 'pending');
      if (order.status !== 'created' || started) {
        throw new DomainError(
          'ORDER_NOT_EDITABLE',
          'The kitchen has started this order: add items instead of replacing them',
          { status: order.status },
        );
      }
      order.tableId = details.tableId ?? null;
      order.serverId = details.serverId ?? null;
      order.items.removeAll();
      this.addLines(order, lines);
      events.push({ type: 'order.updated' });
    });
  }

  /** Adds items to an active order; an order already ready or served goes back to the kitchen. */
  async addItems(id: string, items: readonly OrderLineInput[], expectedVersion?: number | null) {
    const lines = await this.priceLines(items);
    return this.change(id, expectedVersion, (order, events) => {
      if (!ORDERS_ACCEPTING_ITEMS.includes(order.status)) {
        throw new DomainError('ORDER_NOT_EDITABLE', `A ${order.status} order takes no more items`, {
          status: order.status,
        });
      }
      this.addLines(order, lines);
      events.push({ type: 'order.updated' });
      if (order.status === 'ready' || order.status === 'served') {
        this.moveOrder(order, 'in_progress', events);
      }
    });
  }

  async changeStatus(id: string, to: OrderStatus, expectedVersion?: number | null) {
    return this.change(id, expectedVersion, (order, events) => {
      this.moveOrder(order, to, events);
      // Paid before it was served (a pay-first counter): served and paid at once.
      if (to === 'served' && order.isSettled()) this.moveOrder(order, 'paid', events);
      if (to === 'cancelled') {
        for (const item of order.items.getItems()) {
          if (item.status === 'pending' || item.status === 'preparing') item.status = 'cancelled';
        }
      }
    });
  }

  async changeItemStatus(
    orderId: string,
    itemId: string,
    to: OrderItemStatus,
    expectedVersion?: number | null,
  ) {
    return this.change(orderId, expectedVersion, (order, events) => {
      const item = order.items.getItems().find((candidate) => candidate.id === itemId);
      if (!item) throw new NotFoundError('ORDER_ITEM_NOT_FOUND', 'Order item', itemId);
      if (!ORDERS_ACCEPTING_ITEMS.includes(order.status)) {
        throw new DomainError(
          'ORDER_NOT_EDITABLE',
          `The items of a ${order.status} order are final`,
          {
            status: order.status,
          },
        );
      }
      assertItemTransition(item.status, to);
      item.status = to;
      item.updatedAt = new Date();
      events.push({ type: 'order.updated', extra: { item_id: item.id } });
    });
  }

  private async priceLines(items: readonly OrderLineInput[]): Promise<ValidLine[]> {
    // Menu and stock are asked at once; the menu's verdict (an unknown or unavailable item, a
    // bad quantity) still comes first. Stock is checked now; it is taken later, when inventory
    // reads the order's event.
    const stock = this.inventory.shortages(this.caller, items);
    stock.catch(() => undefined); // awaited below, unless the menu's verdict comes first
    const menu = await this.menu.lookup(
      this.caller,
      items.map((item) => item.menuItemId),
    );
    const lines = buildLines(items, menu);
    refuseUncoveredLines(items, await stock);
    return lines;
  }

  private addLines(order: Order, lines: readonly ValidLine[]): void {
    let position = order.nextPosition();
    for (const line of lines) {
      order.items.add(
        new OrderItem(order, position++, line.snapshot, line.quantity, line.modifiers, line.notes),
      );
    }
  }

  private moveOrder(order: Order, to: OrderStatus, events: OrderEvent[]): void {
    assertOrderTransition(order.status, to);
    events.push({ type: 'order.status_changed', extra: { previous_status: order.status } });
    order.status = to;
  }

  /**
   * The frame of every change (`changeOrder`, two round trips): lock and read the order with its
   * items, check the version, apply, re-price, bump the version, write what changed and the
   * events, commit.
   */
  private async change(
    id: string,
    expectedVersion: number | null | undefined,
    apply: (order: Order, events: OrderEvent[]) => void,
  ): Promise<Order> {
    if (!hasPrefix(id, 'order')) throw new NotFoundError('ORDER_NOT_FOUND', 'Order', id);
    return changeOrder(this.db, id, (order, events) => {
      if (!order) throw new NotFoundError('ORDER_NOT_FOUND', 'Order', id);
      assertExpectedVersion(expectedVersion, order.version);
      apply(order, events);
      order.touch();
      return order;
    });
  }
}
