import {
  createStripeTerminalProvider,
  type StripeTerminalCredentials,
} from '../../src/providers/stripe-terminal';
import {
  ProviderCredentialsError,
  ProviderProtocolError,
  type TerminalCharge,
} from '../../src/providers/terminal-provider';
import { abortWhen } from '../fakes/fake-http-server';
import { startStripeTerminalFake, type StripeTerminalFake } from '../fakes/stripe-terminal-fake';

const SECRET_KEY = 'sk_test_51HsottoFakeKey0123456789';
const READER = 'tmr_FDOt2wlRZEdpd7';

describe('Stripe Terminal server-driven adapter against a local Stripe API', () => {
  let fake: StripeTerminalFake;
  let stripe: ReturnType<typeof createStripeTerminalProvider>;
  let credentials: StripeTerminalCredentials;
  let sequence = 0;

  beforeAll(async () => {
    fake = await startStripeTerminalFake({ secretKey: SECRET_KEY, readers: [READER] });
    stripe = createStripeTerminalProvider({ baseUrl: fake.url, pollIntervalMs: 10 });
    credentials = stripe.parseCredentials({ secretKey: SECRET_KEY });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.behaviour = 'approve';
  });

  const newCharge = (overrides: Partial<TerminalCharge> = {}): TerminalCharge => ({
    paymentId: `pay_stripe${++sequence}${Date.now()}`,
    terminalId: READER,
    amountCents: 1850,
    tipCents: 150,
    currency: 'EUR',
    description: 'ord_7',
    ...overrides,
  });
  const live = () => AbortSignal.timeout(10_000);
  const intentsOf = (paymentId: string) =>
    [...fake.paymentIntents.values()].filter(
      (pi) => (pi.metadata as Record<string, string>).payment_id === paymentId,
    );

  it('is ready and documents the server-driven flow', () => {
    expect(stripe.readiness).toEqual({ ready: true });
    expect(stripe.documentation).toContain('server-driven');
  });

  it('refuses credentials it cannot use, naming the field', () => {
    const fieldOf = (input: unknown) => {
      try {
        stripe.parseCredentials(input);
      } catch (error) {
        expect(error).toBeInstanceOf(ProviderCredentialsError);
        expect((error as Error).message).not.toContain('pk_test');
        return (error as ProviderCredentialsError).field;
      }
      throw new Error('accepted');
    };
    expect(fieldOf({})).toBe('secretKey');
    expect(fieldOf({ secretKey: 'pk_test_51HpublishableKey000000' })).toBe('secretKey');
    expect(fieldOf({ secretKey: SECRET_KEY, webhookSecret: 'x' })).toBe('credentials');
    expect(stripe.parseCredentials({ secretKey: 'rk_live_restrictedKey012345' })).toEqual({
      secretKey: 'rk_live_restrictedKey012345',
    });
  });

  it('creates a card_present PaymentIntent for bill and tip, processes it on the reader, and is approved', async () => {
    const charge = newCharge();
    const outcome = await stripe.charge(charge, credentials, live());

    const [intent] = intentsOf(charge.paymentId);
    expect(outcome).toEqual({ status: 'approved', providerReference: intent.id });
    expect(intent).toMatchObject({
      amount: 2000,
      currency: 'eur',
      status: 'succeeded',
      payment_method_types: ['card_present'],
    });
    expect(intentsOf(charge.paymentId)).toHaveLength(1);
  });

  it('reports a declined card with Stripe’s message', async () => {
    fake.behaviour = 'decline';
    const charge = newCharge();
    const outcome = await stripe.charge(charge, credentials, live());
    expect(outcome).toEqual({
      status: 'declined',
      reason: 'Your card has insufficient funds.',
      providerReference: intentsOf(charge.paymentId)[0].id,
    });
  });

  it('gives up when the signal aborts and cancels the reader action', async () => {
    fake.behaviour = 'never';
    const charge = newCharge();
    const waiting = () => {
      const action = fake.readerAction(READER);
      const [intent] = intentsOf(charge.paymentId);
      return (
        action?.status === 'in_progress' &&
        action.process_payment_intent?.payment_intent === intent?.id
      );
    };
    await expect(stripe.charge(charge, credentials, abortWhen(waiting))).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(fake.cancellations).toContain(READER);
  });

  it('does not charge twice when the same payment is charged again', async () => {
    const charge = newCharge();
    const first = await stripe.charge(charge, credentials, live());
    const presentedBefore = fake.cardPresented.length;
    await expect(stripe.charge(charge, credentials, live())).resolves.toEqual(first);
    expect(intentsOf(charge.paymentId)).toHaveLength(1);
    expect(fake.cardPresented.length).toBe(presentedBefore);
  });

  it('recovers an approval whose answer was lost, without processing again', async () => {
    fake.behaviour = 'lose-answer';
    const charge = newCharge();
    await expect(stripe.charge(charge, credentials, live())).rejects.toBeInstanceOf(
      ProviderProtocolError,
    );
    fake.behaviour = 'approve';
    const retried = await stripe.charge(charge, credentials, live());
    expect(retried).toEqual({
      status: 'approved',
      providerReference: intentsOf(charge.paymentId)[0].id,
    });
    expect(
      fake.cardPresented.filter((id) => id === intentsOf(charge.paymentId)[0].id),
    ).toHaveLength(1);
  });

  it('refunds part, then the rest, replays a retried refund, and fails beyond what was received', async () => {
    const approved = await stripe.charge(
      newCharge({ amountCents: 1000, tipCents: 0 }),
      credentials,
      live(),
    );
    if (approved.status !== 'approved') throw new Error('not approved');
    const refund = (refundId: string, amountCents: number) =>
      stripe.refund(
        {
          refundId,
          providerReference: approved.providerReference,
          amountCents,
          currency: 'EUR',
          reason: 'cold fries',
        },
        credentials,
        live(),
      );

    const partial = await refund(`ref_s1_${sequence}`, 400);
    expect(partial).toEqual({
      status: 'succeeded',
      providerReference: expect.stringMatching(/^re_/),
    });
    await expect(refund(`ref_s1_${sequence}`, 400)).resolves.toEqual(partial);
    await expect(refund(`ref_s2_${sequence}`, 600)).resolves.toMatchObject({ status: 'succeeded' });
    await expect(refund(`ref_s3_${sequence}`, 1)).resolves.toEqual({
      status: 'failed',
      reason: 'charge_already_refunded: Charge has already been refunded.',
    });
    const amounts = fake.refunds
      .filter((r) => r.payment_intent === approved.providerReference)
      .map((r) => r.amount);
    expect(amounts).toEqual([400, 600]);
  });

  it('surfaces Stripe error answers as ProviderProtocolError', async () => {
    fake.behaviour = 'error';
    await expect(stripe.charge(newCharge(), credentials, live())).rejects.toMatchObject({
      name: 'ProviderProtocolError',
      provider: 'stripe_terminal',
      httpStatus: 400,
      message: expect.stringContaining('terminal_reader_offline'),
    });
    fake.behaviour = 'approve';
    await expect(
      stripe.charge(newCharge({ terminalId: 'tmr_unknown' }), credentials, live()),
    ).rejects.toMatchObject({
      httpStatus: 404,
      message: expect.stringContaining('resource_missing'),
    });
    await expect(
      stripe.charge(newCharge(), { secretKey: 'sk_test_51HwrongKey000000000' }, live()),
    ).rejects.toMatchObject({ name: 'ProviderProtocolError', httpStatus: 401 });
  });
});
