import { eventually } from '../../../test/support/eventually';
import { Pool } from 'pg';
import { settledEvents } from '../../../test/support/settled-events';
import {
  bootTestPlatform,
  testDatabaseUrl,
  type TestPlatform,
  useOwnDatabase,
} from '../../../test/support/test-platform';
import { OrderSettlement } from '../../orders/src';
import { eventsOf, orderStatus, servedOrder, settledPayment, sql } from './payment-fixtures';

/**
 * A terminal slow enough for the platform to be stopped while it waits for the card, and a
 * short wait so that the stopped runner's lease runs out soon.
 */
const SLOW_TERMINAL = {
  SOTTO_TERMINAL_SIM_DELAY_MS: '2500',
  SOTTO_TERMINAL_TIMEOUT_MS: '3000',
};

async function paymentRow(id: string) {
  const { rows } = await sql('select status, attempts from payments.payments where id = $1', [id]);
  return rows[0];
}

/** The `order.status_changed` events that made the order paid. */
const paidChanges = (orderId: string) =>
  eventsOf(orderId).then((events) =>
    events.filter(
      (event) => event.type === 'order.status_changed' && event.payload.order.status === 'paid',
    ),
  );

let platform: TestPlatform | undefined;
let ownDatabase: Awaited<ReturnType<typeof useOwnDatabase>>;
// A database of its own: the slow terminal here must not claim other files' payments, nor they its.
beforeAll(async () => {
  ownDatabase = await useOwnDatabase();
}, 60_000);
afterAll(async () => {
  await platform?.stop();
  await ownDatabase?.drop();
});

describe('a crash between the terminal and the order', () => {
  it('a runner that died holding a payment: its lease runs out, another runner charges again, once', async () => {
    platform = await bootTestPlatform(SLOW_TERMINAL);
    const tenant = await platform.tenant();
    const order = await servedOrder(tenant);
    const created = await tenant.rest('POST', '/payments', {
      order_id: order.order_id,
      method: 'card',
      terminal_id: 'sim_ok',
    });
    expect(created.status).toBe(201);
    // What a runner that claimed the payment and then died leaves behind: the payment
    // processing under a newer claim (whoever is charging now is fenced off) and a lease.
    const claimed = await sql(
      `update payments.payments
          set status = 'processing', attempts = attempts + 1,
              lease_until = now() + interval '1500 milliseconds'
        where id = $1 and status in ('pending', 'processing')
        returning attempts`,
      [created.body.payment_id],
    );
    expect(claimed.rowCount).toBe(1);
    const dead = claimed.rows[0].attempts;

    const done = await settledPayment(tenant, created.body.payment_id);
    expect(done.status).toBe('completed');
    expect((await paymentRow(created.body.payment_id)).attempts).toBeGreaterThan(dead);
    await eventually(
      () => orderStatus(tenant, order.order_id),
      (status) => status === 'paid',
    );
    expect((await eventsOf(created.body.payment_id)).map((event) => event.type)).toEqual([
      'payment.completed',
    ]);
    expect(await paidChanges(order.order_id)).toHaveLength(1);
    await platform.stop();
    platform = undefined;
  }, 60_000);

  it('a payment left processing by a stopped platform completes after the restart; the order is paid once, even when the settlement is replayed', async () => {
    platform = await bootTestPlatform(SLOW_TERMINAL);
    const tenant = await platform.tenant();
    const order = await servedOrder(tenant);
    const created = await tenant.rest('POST', '/payments', {
      order_id: order.order_id,
      method: 'card',
      terminal_id: 'sim_ok',
    });
    expect(created.status).toBe(201);
    await eventually(
      () => paymentRow(created.body.payment_id),
      (row) => row.status === 'processing',
    );

    // The process goes away while the terminal waits for the card.
    await platform.stop();
    platform = undefined;
    // (In a full test run another test file's runner may hold it instead: either way it is
    // not completed, and it completes after the restart.)
    expect((await paymentRow(created.body.payment_id)).status).toBe('processing');

    // On restart, the payment is claimed again (the stopped runner ended its lease), and the
    // terminal is asked again with the same payment id.
    platform = await bootTestPlatform(SLOW_TERMINAL);
    const again = await platform.tenant({ restaurantId: tenant.restaurantId, menu: false });
    const done = await settledPayment(again, created.body.payment_id);
    expect(done.status).toBe('completed');
    await eventually(
      () => orderStatus(again, order.order_id),
      (status) => status === 'paid',
    );
    expect((await eventsOf(created.body.payment_id)).map((event) => event.type)).toEqual([
      'payment.completed',
    ]);
    const paid = () => paidChanges(order.order_id);
    expect(await paid()).toHaveLength(1);
    const version = (await again.rest('GET', `/orders/${order.order_id}`)).body.version;

    // The orders consumer dies after marking the order paid but before moving its cursor: the
    // event comes again, here twice at once (a second replica), and changes nothing.
    const pool = new Pool({ connectionString: testDatabaseUrl(), max: 1 });
    const events = await settledEvents(pool, {
      restaurantId: tenant.restaurantId,
      environment: tenant.environment,
    });
    await pool.end();
    const completed = events.filter((event) => event.type === 'payment.completed');
    expect(completed).toHaveLength(1);
    const settlement = new OrderSettlement(platform.platform.orms.orders!);
    await Promise.all([settlement.handle(completed[0]!), settlement.handle(completed[0]!)]);
    expect(await paid()).toHaveLength(1);
    expect((await again.rest('GET', `/orders/${order.order_id}`)).body).toMatchObject({
      status: 'paid',
      version,
    });
  }, 60_000);
});
