import {
  createAdyenProvider,
  serviceIdFor,
  type AdyenCredentials,
} from '../../src/providers/adyen';
import {
  ProviderCredentialsError,
  ProviderProtocolError,
  type TerminalCharge,
} from '../../src/providers/terminal-provider';
import { startAdyenFake, type AdyenFake } from '../fakes/adyen-fake';
import { abortWhen } from '../fakes/fake-http-server';

const API_KEY = 'AQEyhmfxK4_test_key_0123456789';
const TERMINAL = 'P400Plus-275039202';

describe('Adyen Terminal API adapter against a local Adyen cloud endpoint', () => {
  let fake: AdyenFake;
  let adyen: ReturnType<typeof createAdyenProvider>;
  let credentials: AdyenCredentials;
  let sequence = 0;

  beforeAll(async () => {
    fake = await startAdyenFake({ apiKey: API_KEY, terminals: [TERMINAL] });
    adyen = createAdyenProvider({ baseUrl: fake.url, statusPollIntervalMs: 10 });
    credentials = adyen.parseCredentials({ apiKey: API_KEY, environment: 'test' });
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.behaviour = 'approve';
  });

  const newCharge = (overrides: Partial<TerminalCharge> = {}): TerminalCharge => ({
    paymentId: `pay_adyen${++sequence}${Date.now()}`,
    terminalId: TERMINAL,
    amountCents: 2450,
    tipCents: 300,
    currency: 'EUR',
    description: 'ord_42',
    ...overrides,
  });
  const live = () => AbortSignal.timeout(10_000);

  it('is ready and documents what it follows', () => {
    expect(adyen.readiness).toEqual({ ready: true });
    expect(adyen.documentation).toMatch(/^https:\/\/docs\.adyen\.com\//);
  });

  it('refuses credentials it cannot use, naming the field and never echoing the secret', () => {
    expect(credentials).toEqual({ apiKey: API_KEY, environment: 'test', saleId: 'SOTTO' });
    const refused = (input: unknown) => {
      try {
        adyen.parseCredentials(input);
      } catch (error) {
        expect(error).toBeInstanceOf(ProviderCredentialsError);
        expect((error as Error).message).not.toContain('secret-value');
        return (error as ProviderCredentialsError).field;
      }
      throw new Error('accepted');
    };
    expect(refused({ environment: 'test' })).toBe('apiKey');
    expect(refused({ apiKey: 'short', environment: 'test' })).toBe('apiKey');
    expect(refused({ apiKey: API_KEY, environment: 'prod' })).toBe('environment');
    expect(
      refused({ apiKey: API_KEY, environment: 'test', saleId: 'has spaces secret-value' }),
    ).toBe('saleId');
    expect(refused('secret-value')).toBe('credentials');
  });

  it('charges the bill and the tip on the terminal and is approved', async () => {
    const charge = newCharge();
    const outcome = await adyen.charge(charge, credentials, live());

    expect(outcome.status).toBe('approved');
    const processed = fake.payments.filter((p) => p.serviceId === serviceIdFor(charge.paymentId));
    expect(processed).toEqual([expect.objectContaining({ poiId: TERMINAL, amountCents: 2750 })]);
    expect(outcome).toEqual({
      status: 'approved',
      providerReference: expect.stringMatching(
        new RegExp(`^${TERMINAL}\\|${processed[0].transactionId.replace('.', '\\.')}\\|`),
      ),
    });
  });

  it('reports a refused card as declined with Adyen’s reason', async () => {
    fake.behaviour = 'decline';
    const outcome = await adyen.charge(newCharge(), credentials, live());
    expect(outcome).toEqual({
      status: 'declined',
      reason: 'Refusal: Not enough balance',
      providerReference: expect.any(String),
    });
  });

  it('gives up when the signal aborts and tells the terminal to stop waiting', async () => {
    fake.behaviour = 'never';
    const charge = newCharge();
    const waiting = () => fake.waiting.includes(serviceIdFor(charge.paymentId));
    await expect(adyen.charge(charge, credentials, abortWhen(waiting))).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(fake.aborts).toContain(serviceIdFor(charge.paymentId));
  });

  it('does not charge twice when the same payment is charged again', async () => {
    const charge = newCharge();
    const first = await adyen.charge(charge, credentials, live());
    const second = await adyen.charge(charge, credentials, live());
    expect(second).toEqual(first);
    expect(
      fake.payments.filter((p) => p.serviceId === serviceIdFor(charge.paymentId)),
    ).toHaveLength(1);
  });

  it('recovers an approval whose answer was lost, without charging again', async () => {
    fake.behaviour = 'lose-answer';
    const charge = newCharge();
    await expect(adyen.charge(charge, credentials, live())).rejects.toBeInstanceOf(
      ProviderProtocolError,
    );
    fake.behaviour = 'approve';
    const retried = await adyen.charge(charge, credentials, live());
    expect(retried.status).toBe('approved');
    expect(
      fake.payments.filter((p) => p.serviceId === serviceIdFor(charge.paymentId)),
    ).toHaveLength(1);
  });

  it('refunds part, then the rest, and fails a refund beyond what was captured', async () => {
    const charge = newCharge({ amountCents: 1000, tipCents: 200 });
    const approved = await adyen.charge(charge, credentials, live());
    if (approved.status !== 'approved') throw new Error('not approved');
    const refund = (refundId: string, amountCents: number) =>
      adyen.refund(
        { refundId, providerReference: approved.providerReference, amountCents, currency: 'EUR' },
        credentials,
        live(),
      );

    await expect(refund(`ref_a${sequence}`, 500)).resolves.toEqual({
      status: 'succeeded',
      providerReference: expect.any(String),
    });
    await expect(refund(`ref_b${sequence}`, 700)).resolves.toMatchObject({ status: 'succeeded' });
    await expect(refund(`ref_c${sequence}`, 1)).resolves.toEqual({
      status: 'failed',
      reason: 'Refusal: Amount exceeds refundable',
    });
    const transactionId = approved.providerReference.split('|')[1];
    expect(
      fake.reversals
        .filter((r) => r.originalTransactionId === transactionId)
        .map((r) => r.amountCents),
    ).toEqual([500, 700]);
  });

  it('does not refund twice when the same refund is sent again', async () => {
    const approved = await adyen.charge(newCharge(), credentials, live());
    if (approved.status !== 'approved') throw new Error('not approved');
    const refund = {
      refundId: `ref_twice${sequence}`,
      providerReference: approved.providerReference,
      amountCents: 2750,
      currency: 'EUR',
    };
    await adyen.refund(refund, credentials, live());
    await expect(adyen.refund(refund, credentials, live())).resolves.toMatchObject({
      status: 'succeeded',
    });
    const transactionId = approved.providerReference.split('|')[1];
    expect(fake.reversals.filter((r) => r.originalTransactionId === transactionId)).toHaveLength(1);
  });

  it('surfaces provider error answers as ProviderProtocolError', async () => {
    fake.behaviour = 'error';
    await expect(adyen.charge(newCharge(), credentials, live())).rejects.toMatchObject({
      name: 'ProviderProtocolError',
      provider: 'adyen',
      message: expect.stringContaining('Busy'),
    });
    fake.behaviour = 'approve';
    await expect(
      adyen.charge(newCharge({ terminalId: 'V400m-000000000' }), credentials, live()),
    ).rejects.toMatchObject({
      name: 'ProviderProtocolError',
      message: expect.stringContaining('POIID is not a terminal'),
    });
    const wrongKey = { ...credentials, apiKey: 'AQEyhmfxK4_wrong_key_000000' };
    await expect(adyen.charge(newCharge(), wrongKey, live())).rejects.toMatchObject({
      name: 'ProviderProtocolError',
      httpStatus: 401,
    });
  });

  it('reports an unreachable endpoint as ProviderProtocolError', async () => {
    const nowhere = createAdyenProvider({ baseUrl: 'http://127.0.0.1:9' });
    await expect(nowhere.charge(newCharge(), credentials, live())).rejects.toBeInstanceOf(
      ProviderProtocolError,
    );
  });
});
