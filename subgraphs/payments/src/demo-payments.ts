import type { TenantDatabase } from '../../../platform/src/tenancy/tenant-database';
import { Payment } from './entities/payment.entity';

/** A settled order of the sandbox's service, as orders seeded it. */
export interface DemoSettledOrder {
  orderId: string;
  totalCents: number;
  currency: string;
}

/** The cash payments that settled the seeded paid orders (no event: a starting state). */
export async function seedDemoCashPayments(
  db: TenantDatabase,
  orders: readonly DemoSettledOrder[],
): Promise<number> {
  return db.transaction(async (em) => {
    for (const order of orders) {
      const payment = new Payment(db.tenant, {
        orderId: order.orderId,
        method: 'cash',
        amountCents: order.totalCents,
        tipCents: 0,
        currency: order.currency,
      });
      payment.complete(null);
      em.persist(payment);
    }
    await em.flush();
    return orders.length;
  });
}
