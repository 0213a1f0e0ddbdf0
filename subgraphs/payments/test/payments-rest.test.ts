import { eventually } from '../../../test/support/eventually';
import { Pool } from 'pg';
import { settledEvents } from '../../../test/support/settled-events';
import {
  SPEC_ORDER,
  testDatabaseUrl,
  type TestPlatform,
} from '../../../test/support/test-platform';
import { OrderSettlement } from '../../orders/src';
import {
  eventsOf,
  orderPayments,
  orderStatus,
  paidCentsNoted,
  PAYMENT_ID,
  REFUND_ID,
  servedOrder,
  settledPayment,
  bootOnOwnDatabase,
} from './payment-fixtures';

let platform: TestPlatform;
// Card payments are claimed by any platform's runner on the database: these tests' short
// terminal settings must not meet another file's platform, so they run on a database of their own.
bootOnOwnDatabase((booted) => (platform = booted));

describe("the spec's payment flow", () => {
  it('bill, method, terminal, confirmation, and the order marked paid by itself', async () => {
    const tenant = await platform.tenant();
    // 1–2. The server asks for the bill: the order, served, with its total.
    const order = await servedOrder(tenant);
    const bill = await tenant.rest('GET', `/orders/${order.order_id}`);
    expect(bill.text).toContain('"total":18.70');

    // 3. The server picks a method among those the restaurant can take.
    const methods = await tenant.rest('GET', '/payments/methods');
    expect(methods.status).toBe(200);
    expect(methods.body.methods[0]).toEqual({
      method: 'card',
      available: true,
      provider: 'simulator',
      reason: null,
    });

    // 4. Sotto starts the transaction; the amount defaults to what is due.
    const created = await tenant.rest('POST', '/payments', {
      order_id: order.order_id,
      method: 'card',
      terminal_id: 'sim_ok',
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe(`/api/v1/payments/${created.body.payment_id}`);
    expect(created.body).toMatchObject({
      payment_id: expect.stringMatching(PAYMENT_ID),
      order_id: order.order_id,
      status: 'pending',
      method: 'card',
      provider: 'simulator',
      terminal_id: 'sim_ok',
      currency: 'EUR',
      completed_at: null,
    });
    expect(created.text).toContain('"amount":18.70,"tip":0.00,"total":18.70');

    // 5–6. The terminal waits for the card; polling GET shows the outcome.
    const seen = new Set<string>();
    const done = await eventually(
      () => tenant.rest('GET', `/payments/${created.body.payment_id}`),
      (read) => {
        seen.add(read.body.status);
        return read.body.status === 'completed';
      },
    );
    expect(done.body).toMatchObject({ status: 'completed', failure_reason: null });
    expect(done.body.completed_at).toEqual(expect.any(String));
    // The terminal takes its time: the payment was seen waiting before it completed.
    expect(seen.has('pending') || seen.has('processing')).toBe(true);

    // 7. The order is marked paid, by itself, once.
    await eventually(
      () => orderStatus(tenant, order.order_id),
      (status) => status === 'paid',
    );
    const federated = await orderPayments(tenant, order.order_id);
    expect(federated).toMatchObject({
      status: 'PAID',
      amountDue: { cents: 0, currency: 'EUR' },
      payments: [{ id: created.body.payment_id, status: 'COMPLETED', amount: { cents: 1870 } }],
    });
    const paymentEvents = await eventsOf(created.body.payment_id);
    expect(paymentEvents.map((event) => event.type)).toEqual(['payment.completed']);
    expect(paymentEvents[0]!.payload.payment).toMatchObject({
      payment_id: created.body.payment_id,
      order_id: order.order_id,
      status: 'completed',
      amount_cents: 1870,
      tip_cents: 0,
      order_total_cents: 1870,
      order_paid_cents: 1870,
      order_settled: true,
    });
    const paid = (await eventsOf(order.order_id)).filter(
      (event) => event.type === 'order.status_changed' && event.payload.order.status === 'paid',
    );
    expect(paid).toHaveLength(1);
  });
});

describe('a pay-first counter', () => {
  it('an order settled before it is served is not paid yet, and becomes paid when it is served', async () => {
    const tenant = await platform.tenant();
    const order = (await tenant.rest('POST', '/orders', SPEC_ORDER)).body;
    const cash = await tenant.rest('POST', '/payments', {
      order_id: order.order_id,
      method: 'cash',
    });
    expect(cash.status).toBe(201);
    await eventually(
      () => paidCentsNoted(order.order_id),
      (cents) => cents === 1870,
    );
    expect(await orderStatus(tenant, order.order_id)).toBe('created');
    for (const status of ['in_progress', 'ready']) {
      await tenant.rest('PATCH', `/orders/${order.order_id}/status`, { status });
    }
    const served = await tenant.rest('PATCH', `/orders/${order.order_id}/status`, {
      status: 'served',
    });
    expect(served.status).toBe(200);
    expect(served.body.status).toBe('paid');
    const changes = (await eventsOf(order.order_id))
      .filter((event) => event.type === 'order.status_changed')
      .map((event) => [event.payload.previous_status, event.payload.order.status]);
    expect(changes.slice(-2)).toEqual([
      ['ready', 'paid'],
      ['served', 'paid'],
    ]);
  });
});

describe('payment events out of order (two replicas, a page handed out again)', () => {
  it('an earlier payment’s event handled after a later one leaves what the later one said', async () => {
    const tenant = await platform.tenant();
    const order = (await tenant.rest('POST', '/orders', SPEC_ORDER)).body;
    const first = await tenant.rest('POST', '/payments', {
      order_id: order.order_id,
      method: 'cash',
      amount: '5.00',
    });
    expect(first.status).toBe(201);
    await eventually(
      () => paidCentsNoted(order.order_id),
      (cents) => cents === 500,
    );
    const rest = await tenant.rest('POST', '/payments', {
      order_id: order.order_id,
      method: 'cash',
    });
    expect(rest.status).toBe(201);
    await eventually(
      () => paidCentsNoted(order.order_id),
      (cents) => cents === 1870,
    );

    // The first payment's event again, after the second's: what was paid stays 18.70.
    const pool = new Pool({ connectionString: testDatabaseUrl(), max: 1 });
    const events = await settledEvents(pool, tenant).finally(() => pool.end());
    const late = events.find(
      (event) => event.type === 'payment.completed' && event.aggregateId === first.body.payment_id,
    );
    await new OrderSettlement(platform.platform.orms.orders!).handle(late!);
    expect(await paidCentsNoted(order.order_id)).toBe(1870);

    // So the order is paid as soon as it is served.
    for (const status of ['in_progress', 'ready']) {
      await tenant.rest('PATCH', `/orders/${order.order_id}/status`, { status });
    }
    const served = await tenant.rest('PATCH', `/orders/${order.order_id}/status`, {
      status: 'served',
    });
    expect(served.body.status).toBe('paid');
  });
});

describe('payments of one order at the same moment', () => {
  it('never take more than is due: each counts what the others took (the order’s payments locked meanwhile)', async () => {
    const tenant = await platform.tenant();
    const order = await servedOrder(tenant); // 18.70 due
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        tenant.rest('POST', '/payments', { order_id: order.order_id, method: 'cash', amount: 5 }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    // Three of 5.00 fit in 18.70; the others find 3.70 left, less than they ask.
    expect(statuses).toEqual([201, 201, 201, 422, 422, 422]);
    for (const refused of answers.filter((answer) => answer.status === 422)) {
      expect(refused.body.error.code).toBe('amount_exceeds_due');
      expect(refused.body.error.details.amount_due).toBe('3.70');
    }
    expect((await orderPayments(tenant, order.order_id)).amountDue.cents).toBe(370);
    // And the last payments, at once, for what is left: one takes it, the other finds nothing.
    const last = await Promise.all(
      [0, 1].map(() =>
        tenant.rest('POST', '/payments', { order_id: order.order_id, method: 'cash' }),
      ),
    );
    expect(last.map((answer) => answer.status).sort()).toEqual([201, 409]);
    expect((await orderPayments(tenant, order.order_id)).amountDue.cents).toBe(0);
  });
});

describe('split bills and tips', () => {
  it('cash completes at once, a card pays the rest with a tip on top, then the order is paid', async () => {
    const tenant = await platform.tenant();
    const order = await servedOrder(tenant);
    const cash = await tenant.rest('POST', '/payments', {
      order_id: order.order_id,
      method: 'cash',
      amount: 10,
    });
    expect(cash.status).toBe(201);
    expect(cash.body).toMatchObject({ status: 'completed', method: 'cash', provider: null });
    expect(cash.text).toContain('"amount":10.00');
    expect((await orderPayments(tenant, order.order_id)).amountDue.cents).toBe(870);
    // Partly paid: still served.
    expect(await orderStatus(tenant, order.order_id)).toBe('served');

    const card = await tenant.rest('POST', '/payments', {
      order_id: order.order_id,
      method: 'card',
      terminal_id: 'sim_ok',
      tip: '2.50',
    });
    expect(card.status).toBe(201);
    expect(card.text).toContain('"amount":8.70,"tip":2.50,"total":11.20');
    // A card payment on its way counts against what is due: nothing is left to pay.
    const nothingLeft = await tenant.rest('POST', '/payments', {
      order_id: order.order_id,
      method: 'cash',
    });
    expect(nothingLeft.status).toBe(409);
    expect(nothingLeft.body.error.code).toBe('order_not_payable');

    const done = await settledPayment(tenant, card.body.payment_id);
    expect(done.status).toBe('completed');
    expect(done.refundable).toBe(11.2);
    await eventually(
      () => orderStatus(tenant, order.order_id),
      (status) => status === 'paid',
    );
    const federated = await orderPayments(tenant, order.order_id);
    expect(federated.payments.map((p: any) => [p.amount.cents, p.tip.cents])).toEqual([
      [1000, 0],
      [870, 250],
    ]);
    expect(federated.amountDue.cents).toBe(0);
  });

  it('paying more than is due is a 422 that writes nothing', async () => {
    const tenant = await platform.tenant();
    const order = await servedOrder(tenant);
    const over = await tenant.rest('POST', '/payments', {
      order_id: order.order_id,
      method: 'cash',
      amount: 18.71,
    });
    expect(over.status).toBe(422);
    expect(over.body.error).toMatchObject({
      code: 'amount_exceeds_due',
      details: { amount_due: '18.70', amount: '18.71' },
    });
    expect((await orderPayments(tenant, order.order_id)).payments).toEqual([]);
  });
});

describe('a payment re-sent with its Idempotency-Key', () => {
  it('charges once: the replay answers the first payment, concurrent copies too', async () => {
    const tenant = await platform.tenant();
    const order = await servedOrder(tenant);
    const body = { order_id: order.order_id, method: 'cash', amount: 5 };
    const key = { 'idempotency-key': 'split-table-12-guest-1' };
    const first = await tenant.rest('POST', '/payments', body, key);
    expect(first.status).toBe(201);
    const copies = await Promise.all(
      Array.from({ length: 5 }, () => tenant.rest('POST', '/payments', body, key)),
    );
    for (const copy of copies) {
      expect(copy.status).toBe(201);
      expect(copy.headers.get('idempotent-replayed')).toBe('true');
      expect(copy.body.payment_id).toBe(first.body.payment_id);
    }
    const other = await tenant.rest('POST', '/payments', { ...body, amount: 6 }, key);
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_key_reused');
    const { payments, amountDue } = await orderPayments(tenant, order.order_id);
    expect(payments).toHaveLength(1);
    expect(amountDue.cents).toBe(1370);

    // A refund re-sent with its key refunds once.
    const refundKey = { 'idempotency-key': 'refund-geste-1' };
    const refunds = await Promise.all(
      Array.from({ length: 3 }, () =>
        tenant.rest(`POST`, `/payments/${first.body.payment_id}/refund`, { amount: 1 }, refundKey),
      ),
    );
    expect(new Set(refunds.map((refund) => refund.body.refund_id)).size).toBe(1);
    const read = await tenant.rest('GET', `/payments/${first.body.payment_id}`);
    expect(read.body.refunded).toBe(1);
  });
});

describe('a terminal that declines, or never sees a card', () => {
  it.each([
    ['sim_decline', 'declined'],
    ['sim_timeout', 'terminal_timeout'],
  ])(
    '%s: the payment fails (%s), payment.failed is logged, and the bill is due again',
    async (terminal, reason) => {
      const tenant = await platform.tenant();
      const order = await servedOrder(tenant);
      const created = await tenant.rest('POST', '/payments', {
        order_id: order.order_id,
        method: 'card',
        terminal_id: terminal,
      });
      expect(created.status).toBe(201);
      const failed = await settledPayment(tenant, created.body.payment_id);
      expect(failed).toMatchObject({
        status: 'failed',
        failure_reason: reason,
        completed_at: null,
      });
      const events = await eventsOf(created.body.payment_id);
      expect(events.map((event) => event.type)).toEqual(['payment.failed']);
      expect(events[0]!.payload.payment).toMatchObject({
        status: 'failed',
        failure_reason: reason,
        order_settled: false,
      });
      expect(await orderPayments(tenant, order.order_id)).toMatchObject({
        status: 'SERVED',
        amountDue: { cents: 1870 },
      });
      const refused = await tenant.rest('POST', `/payments/${created.body.payment_id}/refund`, {});
      expect(refused.status).toBe(409);
      expect(refused.body.error.code).toBe('payment_not_refundable');
    },
  );
});

describe('refunds', () => {
  it('partial, then the rest by default, then nothing more', async () => {
    const tenant = await platform.tenant();
    const order = await servedOrder(tenant);
    const card = await tenant.rest('POST', '/payments', {
      order_id: order.order_id,
      method: 'card',
      terminal_id: 'sim_ok',
      tip: 1,
    });
    await settledPayment(tenant, card.body.payment_id);
    const id = card.body.payment_id;

    const partial = await tenant.rest('POST', `/payments/${id}/refund`, {
      amount: 5,
      reason: 'plat froid',
    });
    expect(partial.status).toBe(201);
    expect(partial.body).toMatchObject({
      refund_id: expect.stringMatching(REFUND_ID),
      payment_id: id,
      order_id: order.order_id,
      status: 'succeeded',
      currency: 'EUR',
      reason: 'plat froid',
    });
    expect(partial.text).toContain('"amount":5.00');
    expect(partial.body.payment).toMatchObject({ refunded: 5, refundable: 14.7 });

    const rest = await tenant.rest('POST', `/payments/${id}/refund`);
    expect(rest.status).toBe(201);
    expect(rest.text).toContain('"amount":14.70');
    expect(rest.body.payment).toMatchObject({ refunded: 19.7, refundable: 0 });

    const more = await tenant.rest('POST', `/payments/${id}/refund`, { amount: 0.01 });
    expect(more.status).toBe(422);
    expect(more.body.error).toMatchObject({
      code: 'refund_exceeds_captured',
      details: { refundable: '0.00' },
    });
    const read = await tenant.graphql(
      `query ($id: ID!) { payment(id: $id) { refunded { cents } refunds { id amount { cents } reason } } }`,
      { id },
    );
    expect(read.body.data.payment).toEqual({
      refunded: { cents: 1970 },
      refunds: [
        { id: partial.body.refund_id, amount: { cents: 500 }, reason: 'plat froid' },
        { id: rest.body.refund_id, amount: { cents: 1470 }, reason: null },
      ],
    });
  });

  it('twelve concurrent refunds that together exceed the captured amount: only those that fit succeed', async () => {
    const tenant = await platform.tenant();
    const order = await servedOrder(tenant);
    const cash = await tenant.rest('POST', '/payments', {
      order_id: order.order_id,
      method: 'cash',
    });
    expect(cash.body.status).toBe('completed');
    const answers = await Promise.all(
      Array.from({ length: 12 }, () =>
        tenant.rest('POST', `/payments/${cash.body.payment_id}/refund`, { amount: 2 }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    // 18.70 captured: nine refunds of 2.00 fit, three do not.
    expect(statuses).toEqual([...Array(9).fill(201), ...Array(3).fill(422)]);
    for (const refused of answers.filter((answer) => answer.status === 422)) {
      expect(refused.body.error.code).toBe('refund_exceeds_captured');
    }
    const read = await tenant.graphql(
      `query ($id: ID!) { payment(id: $id) { refunded { cents } refundable { cents } refunds { id } } }`,
      { id: cash.body.payment_id },
    );
    expect(read.body.data.payment).toMatchObject({
      refunded: { cents: 1800 },
      refundable: { cents: 70 },
    });
    expect(read.body.data.payment.refunds).toHaveLength(9);
  });

  it('a refunded bill is due again', async () => {
    const tenant = await platform.tenant();
    const order = await servedOrder(tenant);
    const cash = await tenant.rest('POST', '/payments', {
      order_id: order.order_id,
      method: 'cash',
      amount: 10,
    });
    await tenant.rest('POST', `/payments/${cash.body.payment_id}/refund`, { amount: 4 });
    expect((await orderPayments(tenant, order.order_id)).amountDue.cents).toBe(1270);
  });
});

describe('meal vouchers (titres-restaurant)', () => {
  const big = { ...SPEC_ORDER, items: SPEC_ORDER.items.map((item) => ({ ...item, quantity: 2 })) };

  it('complete at once, up to the legal cap of one payment (25.00 by default)', async () => {
    const tenant = await platform.tenant();
    const order = await servedOrder(tenant, big); // 37.40
    const capped = await tenant.rest('POST', '/payments', {
      order_id: order.order_id,
      method: 'meal_voucher',
    });
    expect(capped.status).toBe(422);
    expect(capped.body.error).toMatchObject({
      code: 'meal_voucher_cap_exceeded',
      details: { cap: '25.00', amount: '37.40' },
    });
    const voucher = await tenant.rest('POST', '/payments', {
      order_id: order.order_id,
      method: 'meal_voucher',
      amount: 25,
    });
    expect(voucher.status).toBe(201);
    expect(voucher.body).toMatchObject({ status: 'completed', method: 'meal_voucher' });
    const methods = await tenant.rest('GET', '/payments/methods');
    expect(methods.text).toContain(
      '"method":"meal_voucher","available":true,"provider":null,"daily_cap":25.00',
    );
    expect((await orderPayments(tenant, order.order_id)).amountDue.cents).toBe(1240);
  });
});

describe('bad input is answered in the envelope, and nothing is written', () => {
  it.each([
    ['no order_id', { order_id: undefined, method: 'cash' }, 422, 'invalid_field'],
    ['an unknown method', { method: 'cheque' }, 422, 'invalid_field'],
    ['an amount with three decimals', { method: 'cash', amount: 1.234 }, 422, 'invalid_field'],
    ['a negative amount', { method: 'cash', amount: -1 }, 422, 'invalid_field'],
    ['a zero amount', { method: 'cash', amount: 0 }, 422, 'invalid_field'],
    ['an amount that is not a number', { method: 'cash', amount: 'douze' }, 422, 'invalid_field'],
    ['a negative tip', { method: 'cash', tip: -0.5 }, 422, 'invalid_field'],
    ['an unknown field', { method: 'cash', currency: 'USD' }, 422, 'invalid_field'],
    ['a terminal for cash', { method: 'cash', terminal_id: 'sim_ok' }, 422, 'invalid_field'],
    ['a card without a terminal', { method: 'card' }, 422, 'invalid_field'],
    [
      'a terminal the sandbox does not have',
      { method: 'card', terminal_id: 'tpe_1' },
      422,
      'unknown_terminal',
    ],
    ['a tip on meal vouchers', { method: 'meal_voucher', amount: 5, tip: 1 }, 422, 'invalid_field'],
    [
      'an unknown order',
      { method: 'cash', order_id: 'ord_00000000000000000000000000' },
      404,
      'order_not_found',
    ],
    ['an order id of another kind', { method: 'cash', order_id: 'pay_x' }, 404, 'order_not_found'],
  ])('POST /payments with %s: %s %s', async (_name, body, status, code) => {
    const tenant = await platform.tenant();
    const order = await servedOrder(tenant);
    const answer = await tenant.rest('POST', '/payments', { order_id: order.order_id, ...body });
    expect(answer.status).toBe(status);
    expect(answer.body.error).toMatchObject({ code, request_id: expect.any(String) });
    expect((await orderPayments(tenant, order.order_id)).payments).toEqual([]);
  });

  it('malformed JSON and a non-JSON body', async () => {
    const tenant = await platform.tenant();
    const malformed = await platform.request('POST', '/api/v1/payments', {
      raw: '{"order_id": ',
      headers: { authorization: `Bearer ${tenant.token}`, 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_json');
    const text = await platform.request('POST', '/api/v1/payments', {
      raw: 'order_id=1',
      headers: { authorization: `Bearer ${tenant.token}`, 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
  });

  it('a cancelled order takes no payment', async () => {
    const tenant = await platform.tenant();
    const order = (await tenant.rest('POST', '/orders', SPEC_ORDER)).body;
    await tenant.rest('PATCH', `/orders/${order.order_id}/status`, { status: 'cancelled' });
    const answer = await tenant.rest('POST', '/payments', {
      order_id: order.order_id,
      method: 'cash',
    });
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({
      code: 'order_not_payable',
      details: { status: 'cancelled' },
    });
    expect((await orderPayments(tenant, order.order_id)).payments).toEqual([]);
  });

  it('unknown payments are 404, bad refunds 422', async () => {
    const tenant = await platform.tenant();
    for (const id of ['pay_00000000000000000000000000', 'ord_x', 'nothing']) {
      const read = await tenant.rest('GET', `/payments/${id}`);
      expect([read.status, read.body.error.code]).toEqual([404, 'payment_not_found']);
      const refund = await tenant.rest('POST', `/payments/${id}/refund`, {});
      expect([refund.status, refund.body.error.code]).toEqual([404, 'payment_not_found']);
    }
    const order = await servedOrder(tenant);
    const cash = await tenant.rest('POST', '/payments', {
      order_id: order.order_id,
      method: 'cash',
    });
    for (const body of [
      { amount: -1 },
      { amount: 0 },
      { amount: 1.001 },
      { reason: '' },
      { why: 'x' },
    ]) {
      const answer = await tenant.rest('POST', `/payments/${cash.body.payment_id}/refund`, body);
      expect([answer.status, answer.body.error.code]).toEqual([422, 'invalid_field']);
    }
    expect((await tenant.rest('GET', `/payments/${cash.body.payment_id}`)).body.refunded).toBe(0);
  });
});

describe('outside the sandbox', () => {
  it('a card payment needs a configured provider; none is, so it is refused clearly', async () => {
    const tenant = await platform.tenant({ environment: 'staging' });
    const order = await servedOrder(tenant);
    const card = await tenant.rest('POST', '/payments', {
      order_id: order.order_id,
      method: 'card',
      terminal_id: 'P400Plus-123',
    });
    expect(card.status).toBe(409);
    expect(card.body.error).toMatchObject({
      code: 'provider_not_configured',
      details: { environment: 'staging' },
    });
    const methods = await tenant.rest('GET', '/payments/methods');
    expect(methods.body.methods[0]).toMatchObject({ method: 'card', available: false });
    expect(methods.body.providers.map((p: any) => p.provider)).toEqual([
      'adyen',
      'stripe_terminal',
      'sumup',
      'ingenico',
      'worldline',
    ]);
    const ready = ['adyen', 'stripe_terminal', 'sumup'];
    for (const provider of methods.body.providers) {
      expect(provider).toMatchObject(
        ready.includes(provider.provider)
          ? { configured: false, ready: true, reason: null }
          : { configured: false, ready: false, reason: expect.any(String) },
      );
    }
    // Cash still works.
    const cash = await tenant.rest('POST', '/payments', {
      order_id: order.order_id,
      method: 'cash',
    });
    expect(cash.status).toBe(201);
  });
});
