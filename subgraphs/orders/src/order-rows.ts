import { groupBy } from '../../../platform/src/group-by';
import { fillCollection } from '../../../platform/src/database/row-entities';
import {
  OWN_ROWS,
  type Row,
  type SqlQuery,
  type SqlValue,
  type TenantDatabase,
} from '../../../platform/src/tenancy/tenant-database';
import { OrderItem } from './entities/order-item.entity';
import { Order } from './entities/order.entity';

/**
 * The two queries, for one message, that read the orders `selection` picks (what follows `where`
 * over `orders.orders`: conditions, maybe an order and a limit; its `?` filled from `params`)
 * and their items in their order: the items are those of the same selection, as a subquery.
 * `lock`: the orders are read `for update` (a change's first message).
 */
export function ordersWithItems(
  selection: string,
  params: readonly SqlValue[],
  options: { lock?: boolean } = {},
): SqlQuery[] {
  return [
    {
      sql: `select * from orders.orders where ${selection}${options.lock ? ' for update' : ''}`,
      params,
    },
    {
      sql: `select * from orders.order_items where ${OWN_ROWS}
               and order_id in (select id from orders.orders where ${selection})
             order by position`,
      params,
    },
  ];
}

/** The rows of `ordersWithItems` as orders holding their items: entities not managed. */
export function ordersFromRows(db: TenantDatabase, [orderRows, itemRows]: Row[][]): Order[] {
  const orders = db.entities(Order, orderRows!);
  const items = db.entities(OrderItem, itemRows!, { order: orders });
  const itemsOf = groupBy(items, (item) => item.order);
  for (const order of orders) fillCollection(order, 'items', itemsOf.get(order) ?? []);
  return orders;
}
