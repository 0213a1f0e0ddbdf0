import { createSumUpProvider, type SumUpCredentials } from '../../src/providers/sumup';
import {
  ProviderCredentialsError,
  ProviderProtocolError,
  type TerminalCharge,
} from '../../src/providers/terminal-provider';
import { abortWhen } from '../fakes/fake-http-server';
import { startSumUpFake, type SumUpFake } from '../fakes/sumup-fake';

const ACCOUNT = {
  apiKey: 'sup_sk_MvxmLOl0FakeSottoKey',
  merchantCode: 'MH4H92C7',
  affiliateKey: 'sup_afk_8OlK0ooJ2f',
  appId: 'com.sotto.platform',
};
const READER = 'rdr_3MSAFM23CK82VSTT4BN6RWSQ65';

describe('SumUp Cloud API adapter against a local SumUp API', () => {
  let fake: SumUpFake;
  let sumup: ReturnType<typeof createSumUpProvider>;
  let credentials: SumUpCredentials;
  let sequence = 0;

  beforeAll(async () => {
    fake = await startSumUpFake({ ...ACCOUNT, readers: [READER] });
    sumup = createSumUpProvider({ baseUrl: fake.url, pollIntervalMs: 10 });
    credentials = sumup.parseCredentials(ACCOUNT);
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.behaviour = 'approve';
  });

  const newCharge = (overrides: Partial<TerminalCharge> = {}): TerminalCharge => ({
    paymentId: `pay_sumup${++sequence}${Date.now()}`,
    terminalId: READER,
    amountCents: 3200,
    tipCents: 250,
    currency: 'EUR',
    description: 'ord_9',
    ...overrides,
  });
  const live = () => AbortSignal.timeout(10_000);
  const checkoutsOf = (paymentId: string) =>
    fake.checkouts.filter((c) => c.foreignTransactionId === paymentId);

  it('is ready and documents the Cloud API', () => {
    expect(sumup.readiness).toEqual({ ready: true });
    expect(sumup.documentation).toBe('https://developer.sumup.com/terminal-payments/cloud-api');
  });

  it('refuses credentials it cannot use, naming the field', () => {
    const fieldOf = (input: unknown) => {
      try {
        sumup.parseCredentials(input);
      } catch (error) {
        expect(error).toBeInstanceOf(ProviderCredentialsError);
        return (error as ProviderCredentialsError).field;
      }
      throw new Error('accepted');
    };
    expect(fieldOf({ ...ACCOUNT, apiKey: undefined })).toBe('apiKey');
    expect(fieldOf({ ...ACCOUNT, merchantCode: 'mh4 h92' })).toBe('merchantCode');
    expect(fieldOf({ ...ACCOUNT, affiliateKey: '' })).toBe('affiliateKey');
    expect(fieldOf({ ...ACCOUNT, appId: 'has space' })).toBe('appId');
    expect(credentials).toEqual(ACCOUNT);
  });

  it('starts a reader checkout for bill and tip with the affiliate and is approved', async () => {
    const charge = newCharge();
    const outcome = await sumup.charge(charge, credentials, live());
    const transaction = fake.transactions.find(
      (t) => t.foreign_transaction_id === charge.paymentId,
    )!;
    expect(outcome).toEqual({ status: 'approved', providerReference: transaction.id });
    expect(checkoutsOf(charge.paymentId)).toEqual([
      { readerId: READER, value: 3450, foreignTransactionId: charge.paymentId },
    ]);
  });

  it('reports a failed card payment as declined', async () => {
    fake.behaviour = 'decline';
    const outcome = await sumup.charge(newCharge(), credentials, live());
    expect(outcome).toEqual({
      status: 'declined',
      reason: 'FAILED',
      providerReference: expect.any(String),
    });
  });

  it('gives up when the signal aborts and terminates the reader checkout', async () => {
    fake.behaviour = 'never';
    const charge = newCharge();
    const waiting = () => checkoutsOf(charge.paymentId).length === 1;
    await expect(sumup.charge(charge, credentials, abortWhen(waiting))).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    expect(fake.terminations).toContain(READER);
  });

  it('does not charge twice when the same payment is charged again', async () => {
    const charge = newCharge();
    const first = await sumup.charge(charge, credentials, live());
    await expect(sumup.charge(charge, credentials, live())).resolves.toEqual(first);
    expect(checkoutsOf(charge.paymentId)).toHaveLength(1);
  });

  it('recovers an approval whose answer was lost, without a second checkout', async () => {
    fake.behaviour = 'lose-answer';
    const charge = newCharge();
    await expect(sumup.charge(charge, credentials, live())).rejects.toBeInstanceOf(
      ProviderProtocolError,
    );
    fake.behaviour = 'approve';
    await expect(sumup.charge(charge, credentials, live())).resolves.toMatchObject({
      status: 'approved',
    });
    expect(checkoutsOf(charge.paymentId)).toHaveLength(1);
  });

  it('refunds part, then the rest, in decimal amounts, and fails beyond what was captured', async () => {
    const approved = await sumup.charge(
      newCharge({ amountCents: 1000, tipCents: 0 }),
      credentials,
      live(),
    );
    if (approved.status !== 'approved') throw new Error('not approved');
    const refund = (refundId: string, amountCents: number) =>
      sumup.refund(
        { refundId, providerReference: approved.providerReference, amountCents, currency: 'EUR' },
        credentials,
        live(),
      );

    await expect(refund('ref_u1', 250)).resolves.toEqual({
      status: 'succeeded',
      providerReference: approved.providerReference,
    });
    await expect(refund('ref_u2', 750)).resolves.toMatchObject({ status: 'succeeded' });
    await expect(refund('ref_u3', 1)).resolves.toEqual({
      status: 'failed',
      reason: 'CONFLICT: The amount exceeds what can still be refunded',
    });
    expect(
      fake.refunds
        .filter((r) => r.transactionId === approved.providerReference)
        .map((r) => r.amount),
    ).toEqual([2.5, 7.5]);
  });

  it('surfaces SumUp error answers as ProviderProtocolError', async () => {
    fake.behaviour = 'error';
    await expect(sumup.charge(newCharge(), credentials, live())).rejects.toMatchObject({
      name: 'ProviderProtocolError',
      provider: 'sumup',
      httpStatus: 422,
      message: expect.stringContaining('The reader is offline'),
    });
    fake.behaviour = 'approve';
    await expect(
      sumup.charge(newCharge(), { ...credentials, affiliateKey: 'sup_afk_wrong000' }, live()),
    ).rejects.toMatchObject({ httpStatus: 422, message: expect.stringContaining('affiliate key') });
    await expect(
      sumup.charge(newCharge(), { ...credentials, apiKey: 'sup_sk_wrongKey0000000' }, live()),
    ).rejects.toMatchObject({ name: 'ProviderProtocolError', httpStatus: 401 });
  });
});
