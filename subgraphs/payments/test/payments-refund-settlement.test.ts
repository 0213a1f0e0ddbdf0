import { eventually } from '../../../test/support/eventually';
import { createLogger } from '../../../platform/src/logger';
import { TenantDatabase } from '../../../platform/src/tenancy/tenant-database';
import { type TestPlatform, type TestTenant } from '../../../test/support/test-platform';
import { PaymentsService } from '../src/payments.service';
import { PaymentRunner } from '../src/payment-runner';
import type { TerminalRefund } from '../src/providers/terminal-provider';
import type { CardTerminal } from '../src/terminal-simulator';
import { bootOnOwnDatabase, servedOrder, settledPayment, sql } from './payment-fixtures';

const logger = createLogger('test', 'silent');

/**
 * A provider as the adapters see it: a refund is applied once per refund id (the idempotency
 * key every adapter sends), and the answer of the first request can be lost on the way back,
 * as when a connection drops after the provider has acted.
 */
function providerLosingAnswers(answer: 'succeed' | 'refuse' = 'succeed', refundsRetrySafe = true) {
  const applied = new Map<string, number>();
  const requests: string[] = [];
  let answersToLose = 0;
  const terminal: CardTerminal = {
    name: 'simulator',
    refundsRetrySafe,
    async charge() {
      throw new Error('no charge in these tests');
    },
    async refund(refund: TerminalRefund) {
      requests.push(refund.refundId);
      if (answer === 'refuse') return { status: 'failed', reason: 'charge_disputed' };
      if (!applied.has(refund.refundId)) applied.set(refund.refundId, refund.amountCents);
      if (answersToLose > 0) {
        answersToLose -= 1;
        throw new Error('socket hang up');
      }
      return { status: 'succeeded', providerReference: `re_${refund.refundId}` };
    },
  };
  return {
    terminal,
    applied,
    requests,
    loseNextAnswer: () => {
      answersToLose += 1;
    },
  };
}

const rows = async (text: string, values: unknown[]) => (await sql(text, values)).rows;

let platform: TestPlatform;
// A database of its own: no other file's payment runner claims these payments.
bootOnOwnDatabase((booted) => (platform = booted));

/** A completed card payment of the spec's order (18.70) on the sandbox's simulated terminal. */
async function cardPayment(tenant: TestTenant): Promise<string> {
  const order = await servedOrder(tenant);
  const created = await tenant.rest('POST', '/payments', {
    order_id: order.order_id,
    method: 'card',
    terminal_id: 'sim_ok',
  });
  expect(created.status).toBe(201);
  expect((await settledPayment(tenant, created.body.payment_id)).status).toBe('completed');
  return created.body.payment_id;
}

/** The payments service of the tenant, with `terminal` standing for the payment's provider. */
function paymentsWith(tenant: TestTenant, terminal: CardTerminal) {
  const orm = platform.platform.orms.payments!;
  const scope = { restaurantId: tenant.restaurantId, environment: tenant.environment };
  const caller = { ...scope, keyId: tenant.keyId, role: 'manager' as const, scopes: [] };
  return new PaymentsService(
    new TenantDatabase(orm.em, scope),
    caller,
    undefined as never, // refunds never call the orders service
    undefined as never, // nor the provider accounts: the payment is the simulator's
    { mealVoucherCapCents: 2500, terminalTimeoutMs: 1500, simulator: terminal, logger },
  );
}

/** A payment runner whose refund sweep runs every 200 ms, the payments' provider `terminal`. */
async function sweeper(terminal: CardTerminal, log = logger): Promise<PaymentRunner> {
  const runner = new PaymentRunner({
    orm: platform.platform.orms.payments!,
    simulator: terminal,
    accounts: () => {
      throw new Error('the simulator needs no account');
    },
    orders: undefined as never,
    logger: log,
    pollIntervalMs: 60_000,
    refundSweepMs: 200,
  });
  await runner.start();
  return runner;
}

describe('a card refund whose answer is lost', () => {
  it('stays pending with its amount set aside, then the sweep asks again with the same id: refunded once', async () => {
    const tenant = await platform.tenant();
    const paymentId = await cardPayment(tenant);
    const provider = providerLosingAnswers();
    const payments = paymentsWith(tenant, provider.terminal);

    provider.loseNextAnswer();
    const pending = await payments.refund(paymentId, 500, 'cold fries');
    expect(pending.status).toBe('pending');
    expect(provider.applied.get(pending.id)).toBe(500); // the provider did act
    // The pending amount is set aside: what is left to refund is 18.70 - 5.00.
    await expect(payments.refund(paymentId, 1400)).rejects.toMatchObject({
      code: 'REFUND_EXCEEDS_CAPTURED',
      details: { refundable: '13.70' },
    });
    const read = await tenant.rest('GET', `/payments/${paymentId}`);
    expect(read.status).toBe(200);

    // The runner's sweep asks the provider again, with the same refund id.
    const runner = await sweeper(provider.terminal);
    try {
      await eventually(
        () =>
          rows('select status, provider_reference from payments.refunds where id = $1', [
            pending.id,
          ]),
        (found) => found[0]?.status === 'succeeded',
      );
    } finally {
      await runner.stop();
    }
    expect(provider.requests.filter((id) => id === pending.id)).toHaveLength(2);
    expect([...provider.applied.values()]).toEqual([500]);
    const [row] = await rows('select refunded_cents from payments.payments where id = $1', [
      paymentId,
    ]);
    expect(row.refunded_cents).toBe(500);
    const [refund] = await rows('select provider_reference from payments.refunds where id = $1', [
      pending.id,
    ]);
    expect(refund.provider_reference).toBe(`re_${pending.id}`);
  });

  it('of a provider that cannot recognise a repeat is never asked again: it stays pending', async () => {
    const tenant = await platform.tenant();
    const paymentId = await cardPayment(tenant);
    const provider = providerLosingAnswers('succeed', false);
    provider.loseNextAnswer();
    const pending = await paymentsWith(tenant, provider.terminal).refund(paymentId, 300);
    expect(pending.status).toBe('pending');
    // What the sweep logs, to know it has looked at the refund (and left it alone).
    const lines: string[] = [];
    const watched = createLogger('test', 'warn', { write: (line: string) => lines.push(line) });
    const runner = await sweeper(provider.terminal, watched);
    try {
      await eventually(
        async () => lines.filter((line) => line.includes(pending.id)),
        (seen) => seen.some((line) => line.includes('reconcile it with the provider')),
      );
    } finally {
      await runner.stop();
    }
    expect(provider.requests).toEqual([pending.id]);
    expect(await rows('select status from payments.refunds where id = $1', [pending.id])).toEqual([
      { status: 'pending' },
    ]);
  });

  it('refused by the provider, is recorded failed, answers a 409 and gives the amount back', async () => {
    const tenant = await platform.tenant();
    const paymentId = await cardPayment(tenant);
    const payments = paymentsWith(tenant, providerLosingAnswers('refuse').terminal);
    await expect(payments.refund(paymentId, 500)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: 'The provider refused the refund: charge_disputed',
    });
    expect(
      await rows(
        `select r.status, p.refunded_cents from payments.refunds r
           join payments.payments p on p.id = r.payment_id where p.id = $1`,
        [paymentId],
      ),
    ).toEqual([{ status: 'failed', refunded_cents: 0 }]);
  });

  it('through REST on the simulated terminal, succeeds at once', async () => {
    const tenant = await platform.tenant();
    const paymentId = await cardPayment(tenant);
    const refund = await tenant.rest('POST', `/payments/${paymentId}/refund`, { amount: '2.00' });
    expect(refund.status).toBe(201);
    expect(refund.body).toMatchObject({ status: 'succeeded', amount: 2 });
  });
});
