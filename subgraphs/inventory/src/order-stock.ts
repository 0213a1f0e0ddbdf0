import type { MikroORM } from '@mikro-orm/postgresql';
import { BatchLookahead } from '../../../platform/src/events/batch-lookahead';
import { groupBy } from '../../../platform/src/group-by';
import type { StoredEvent } from '../../../platform/src/events/event-log';
import type { Logger } from '../../../platform/src/logger';
import type { Tenant } from '../../../platform/src/tenancy/tenant';
import {
  lockedRowsQuery,
  OWN_ROWS,
  TenantDatabase,
  type SqlQuery,
} from '../../../platform/src/tenancy/tenant-database';
import { RecipeLine } from './entities/recipe-line.entity';
import { COUNTS_STOCK_SQL, RECIPE_LINES_SQL } from './inventory.service';
import { InventoryItem } from './entities/inventory-item.entity';
import { StockMovement, type MovementFields } from './entities/stock-movement.entity';
import { fromMilli } from './quantity';
import { ITEMS, MovementBatch } from './stock-ledger';

/** What inventory reads of an order event's snapshot (see orders' `orderSnapshot`). */
interface OrderSnapshot {
  order_id: string;
  /** Raised by every change of the order. */
  version: number;
  items: { item_id: string; menu_item_id: string; quantity: number; status: string }[];
}

const isOrderEvent = (event: StoredEvent) =>
  event.aggregateType === 'order' && event.type.startsWith('order.');

function snapshotOf(event: StoredEvent): OrderSnapshot | null {
  const order = (event.payload as { order?: unknown }).order as OrderSnapshot | undefined;
  if (
    !order ||
    typeof order.order_id !== 'string' ||
    !Number.isSafeInteger(order.version) ||
    !Array.isArray(order.items)
  ) {
    return null;
  }
  return order;
}

/** The order's recipes and earlier movements, read before its transaction. */
interface StockAtStake {
  live: OrderSnapshot['items'];
  /** The recipes of the order's items, cancelled ones included (see `reconcile`). */
  recipes: RecipeLine[];
  movedItemIds: string[];
  /** Whether the restaurant has any recipe, so that an order's items could take stock. */
  countsStock: boolean;
}

/**
 * Whether an event must go through the reconciling transaction. Without recipes or movements,
 * it has nothing to sell or give back; but a later version of an order must still mark itself
 * when the restaurant counts stock, or an older version of the order handled after it (two
 * replicas) would sell items this one no longer has.
 */
function mustReconcile(order: OrderSnapshot, stake: StockAtStake): boolean {
  return (
    stake.recipes.length > 0 ||
    stake.movedItemIds.length > 0 ||
    (stake.countsStock && order.version > 1)
  );
}

const saleKey = (orderItemId: string, itemId: string) => `sale:${orderItemId}:${itemId}`;
const returnKey = (orderItemId: string, itemId: string) => `return:${orderItemId}:${itemId}`;

/**
 * Keeps stock in step with orders, from the event log. Every order event carries the whole
 * order, so each is handled by reconciling the order's stock movements with it: an item not
 * cancelled is sold once (its recipe times its quantity), an item sold then cancelled or
 * removed is given back once. Each movement has a unique source key (`sale:<order item>:<stock
 * item>`) and is written in the transaction that checks for it, under the stock rows' locks,
 * so a replayed event, a second consumer or a crash between the write and the cursor's move
 * writes nothing twice: at-least-once delivery, exactly-once effect. Events of one order may
 * also come out of order (two replicas, each through its own page of the log): one older than
 * the newest version already reconciled is skipped (`newestVersionMark`).
 *
 * A sale never takes stock below zero: what stock lacks (two orders raced for the last
 * portion) is written as a shortfall in the movement's reason, and the return gives back only
 * what was taken.
 */
export class OrderStockReconciler {
  constructor(
    private readonly orm: MikroORM,
    private readonly logger?: Logger,
    /** Told of each tenant whose stock it reconciled, once committed (the process's caches). */
    private readonly stockChanged?: (tenant: Tenant) => Promise<void>,
  ) {}

  /** Each batch's stock at stake, read once per tenant (`BatchLookahead`). */
  private readonly ahead = new BatchLookahead((tenant, events) => this.stakesAhead(tenant, events));

  async handle(event: StoredEvent, batch: readonly StoredEvent[] = [event]): Promise<void> {
    if (!isOrderEvent(event)) return;
    const order = snapshotOf(event);
    if (!order) {
      this.logger?.warn({ event: event.id }, 'order event without an order snapshot: skipped');
      return;
    }
    const tenant: Tenant = { restaurantId: event.restaurantId, environment: event.environment };
    const db = new TenantDatabase(this.orm.em, tenant);
    const stake =
      (await this.ahead.of(event, batch)).get(event.id) ??
      (await this.stakesOf(db, [order])).get(order.order_id)!;
    if (!mustReconcile(order, stake)) return;
    await this.reconcile(db, event, order, stake);
    await this.stockChanged?.(tenant);
  }

  /**
   * The stock at stake for a batch's order events of one tenant, in one read. An order with
   * several events in the batch is left out: the first one's movements would make what was
   * read for the next one stale, so each of its events reads its own when its turn comes.
   */
  private async stakesAhead(tenant: Tenant, events: StoredEvent[]) {
    const orders = events.flatMap((event) => {
      const order = isOrderEvent(event) ? snapshotOf(event) : null;
      return order ? [{ event, order }] : [];
    });
    const eventsOf = new Map<string, number>();
    for (const { order } of orders) {
      eventsOf.set(order.order_id, (eventsOf.get(order.order_id) ?? 0) + 1);
    }
    const alone = orders.filter(({ order }) => eventsOf.get(order.order_id) === 1);
    const stakes = alone.length
      ? await this.stakesOf(
          new TenantDatabase(this.orm.em, tenant),
          alone.map(({ order }) => order),
        )
      : new Map<string, StockAtStake>();
    return new Map(alone.map(({ event, order }) => [event.id, stakes.get(order.order_id)!]));
  }

  /**
   * What stock has to do with these orders, in one round trip: whether the restaurant has
   * recipes at all, the recipes of their items, and the stock items that earlier movements of
   * each touched. The orders of a restaurant that does not count stock have none of these, and
   * are spared the locking transaction (`mustReconcile`).
   */
  private async stakesOf(
    db: TenantDatabase,
    orders: readonly OrderSnapshot[],
  ): Promise<Map<string, StockAtStake>> {
    const menuItemIds = [
      ...new Set(orders.flatMap((order) => order.items.map((item) => item.menu_item_id))),
    ];
    const queries: SqlQuery[] = [
      { sql: COUNTS_STOCK_SQL },
      {
        sql: `select distinct order_id, item_id from inventory.stock_movements
          where ${OWN_ROWS} and order_id in (?)`,
        params: [orders.map((order) => order.order_id)],
      },
    ];
    if (menuItemIds.length) {
      queries.push({
        sql: RECIPE_LINES_SQL,
        params: [menuItemIds],
      });
    }
    const [[counts], moved, recipeRows = []] = await db.read(queries);
    const recipesOf = groupBy(db.entities(RecipeLine, recipeRows), (line) => line.menuItemId);
    const movedOf = groupBy(moved!, (row) => String(row.order_id));
    return new Map(
      orders.map((order) => {
        const live = order.items.filter((item) => item.status !== 'cancelled');
        const menuItems = new Set(order.items.map((item) => item.menu_item_id));
        const stake: StockAtStake = {
          live,
          recipes: [...menuItems].flatMap((menuItemId) => recipesOf.get(menuItemId) ?? []),
          movedItemIds: (movedOf.get(order.order_id) ?? []).map((row) => String(row.item_id)),
          countsStock: counts!.counts === true,
        };
        return [order.order_id, stake];
      }),
    );
  }

  /**
   * Reconciles the order's movements with its snapshot, in one transaction of two round trips
   * (`TenantDatabase.lockThenWrite`). The first locks the stock items at stake, marks the
   * event's version (`newestVersionMark`) and reads the order's movements, in that order: a
   * concurrent reconciler of the same order waits on the locks or the mark and then sees this
   * one's movements. The second writes the sales and returns, their items' levels and their
   * low-stock events, and commits. Recipes of the cancelled items count too: an item cancelled
   * before it was ever sold leaves nothing to give back, but this event's version must still be
   * marked, or an older event arriving late would sell it.
   */
  private reconcile(
    db: TenantDatabase,
    event: StoredEvent,
    order: OrderSnapshot,
    stake: StockAtStake,
  ): Promise<void> {
    const atStake = [...stake.recipes.map((line) => line.item.id), ...stake.movedItemIds];
    const reads = [
      lockedRowsQuery(ITEMS, [...new Set(atStake)]),
      newestVersionMark(event, order),
      {
        sql: `select * from inventory.stock_movements where ${OWN_ROWS} and order_id = ? order by id`,
        params: [order.order_id],
      },
    ];
    return db.lockThenWrite(reads, ([locked, marked, movements, ...lockedSince]) => {
      if (!marked!.length) return { statements: [], answer: undefined };
      const items = new Map(
        db
          .entities(InventoryItem, [...locked!, ...lockedSince.flat()])
          .map((item) => [item.id, item]),
      );
      const written = db.entities(StockMovement, movements!);
      // Sold by a reconciler that committed after this event's stake was read: locked too, once.
      const unlocked = [...new Set(written.map((movement) => movement.item.id))].filter(
        (id) => !items.has(id),
      );
      if (unlocked.length && !lockedSince.length) {
        return { reads: [lockedRowsQuery(ITEMS, unlocked)] };
      }
      const batch = new MovementBatch(db.mapping);
      stageReconciliation(order, stake, items, written, (item, fields) => batch.add(item, fields));
      return { statements: batch.statements(), answer: undefined };
    });
  }
}

/**
 * The sales and returns that bring the order's movements (`written`) in line with its snapshot,
 * staged on the locked `items`: an item not cancelled is sold once, an item sold and since
 * cancelled or removed is given back once.
 */
function stageReconciliation(
  order: OrderSnapshot,
  { live, recipes }: StockAtStake,
  items: ReadonlyMap<string, InventoryItem>,
  written: readonly StockMovement[],
  stage: (item: InventoryItem, fields: MovementFields) => void,
): void {
  const lockedItem = (id: string) => {
    const item = items.get(id);
    // Only a stock item deleted with its movements in between: the event is tried again.
    if (!item) throw new Error(`stock item ${id} of order ${order.order_id} is not locked`);
    return item;
  };
  const keys = new Set(written.map((movement) => movement.sourceKey));
  const sold = new Set(written.map((movement) => movement.orderItemId));
  for (const orderItem of live) {
    if (sold.has(orderItem.item_id)) continue;
    for (const line of recipes.filter((r) => r.menuItemId === orderItem.menu_item_id)) {
      const item = lockedItem(line.item.id);
      const needed = line.quantityMilli * orderItem.quantity;
      const taken = Math.min(needed, item.quantityMilli);
      const shortfall = needed - taken;
      stage(item, {
        type: 'sale',
        deltaMilli: -taken,
        reason:
          `order ${order.order_id}: ${orderItem.quantity} × ${orderItem.menu_item_id}` +
          (shortfall ? ` (short by ${fromMilli(shortfall)} ${item.unit})` : ''),
        sourceKey: saleKey(orderItem.item_id, item.id),
        orderId: order.order_id,
        orderItemId: orderItem.item_id,
      });
    }
  }

  const stillLive = new Set(live.map((item) => item.item_id));
  for (const sale of written) {
    if (!sale.orderItemId || sale.sourceKey !== saleKey(sale.orderItemId, sale.item.id)) {
      continue;
    }
    if (stillLive.has(sale.orderItemId)) continue;
    if (keys.has(returnKey(sale.orderItemId, sale.item.id))) continue;
    const item = lockedItem(sale.item.id);
    stage(item, {
      type: 'sale',
      deltaMilli: -sale.deltaMilli,
      reason: `order ${order.order_id}: item ${sale.orderItemId} cancelled, stock given back`,
      sourceKey: returnKey(sale.orderItemId, item.id),
      orderId: order.order_id,
      orderItemId: sale.orderItemId,
    });
  }
}

/**
 * Whether the event is still to be acted on, in one statement (a row answered: yes): it is
 * still in the log (a sandbox reset drops the sandbox's events, then re-seeds its stock), and no
 * newer version of its order was reconciled (then it describes items as they no longer are).
 * The event's version is marked as reconciled; the mark's row lock also queues two reconcilers
 * of one order, whichever stock items each locked, so that the second reads what the first wrote.
 */
function newestVersionMark(event: StoredEvent, order: OrderSnapshot): SqlQuery {
  return {
    sql: `insert into inventory.order_stock_versions as mark
       (restaurant_id, environment, order_id, version, updated_at)
     select ?, ?, ?, ?, now() where exists (select 1 from events.event_log where id = ?)
     on conflict (restaurant_id, environment, order_id) do update
       set version = excluded.version, updated_at = excluded.updated_at
       where mark.version <= excluded.version
     returning version`,
    params: [event.restaurantId, event.environment, order.order_id, order.version, event.id],
  };
}
