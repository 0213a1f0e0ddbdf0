import type { TenantDatabase } from '../../../platform/src/tenancy/tenant-database';
import { OrderItem, type MenuSnapshot } from './entities/order-item.entity';
import { Order } from './entities/order.entity';
import type { OrderItemStatus, OrderStatus } from './order-state-machine';

export interface DemoOrderLine {
  snapshot: MenuSnapshot;
  quantity: number;
  modifiers?: string[];
  notes?: string;
  status: OrderItemStatus;
}

export interface DemoOrder {
  tableId: string;
  serverId: string;
  status: OrderStatus;
  lines: DemoOrderLine[];
  /** What payments have received for it (a paid order's total). */
  paid?: boolean;
}

export interface SeededOrder {
  id: string;
  status: OrderStatus;
  totalCents: number;
  currency: string;
}

/**
 * Gives a sandbox a service in progress: orders in the states they are in, priced from the
 * menu facts given. They are a starting state, like the opening stock: no event is written
 * for them (webhooks and stock do not react to a seed).
 */
export async function seedDemoOrders(
  db: TenantDatabase,
  orders: readonly DemoOrder[],
): Promise<SeededOrder[]> {
  return db.transaction(async (em) => {
    const seeded = orders.map((fields) => {
      const order = new Order(db.tenant, { tableId: fields.tableId, serverId: fields.serverId });
      for (const line of fields.lines) {
        const item = new OrderItem(
          order,
          order.nextPosition(),
          line.snapshot,
          line.quantity,
          line.modifiers ?? [],
          line.notes ?? '',
        );
        item.status = line.status;
        order.items.add(item);
      }
      order.reprice();
      order.status = fields.status;
      if (fields.paid) order.paidCents = order.totalCents;
      em.persist(order);
      return order;
    });
    await em.flush();
    return seeded.map(({ id, status, totalCents, currency }) => ({
      id,
      status,
      totalCents,
      currency,
    }));
  });
}
