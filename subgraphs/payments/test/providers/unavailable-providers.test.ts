import { TERMINAL_ADAPTERS } from '../../src/providers/adapters';
import { createIngenicoProvider } from '../../src/providers/ingenico';
import {
  ProviderCredentialsError,
  ProviderProtocolError,
  TERMINAL_PROVIDERS,
} from '../../src/providers/terminal-provider';
import { createWorldlineProvider } from '../../src/providers/worldline';

const charge = {
  paymentId: 'pay_unavailable',
  terminalId: 'terminal-1',
  amountCents: 1000,
  tipCents: 0,
  currency: 'EUR',
  description: 'ord_1',
};
const refund = {
  refundId: 'ref_unavailable',
  providerReference: 'x',
  amountCents: 100,
  currency: 'EUR',
};

describe('the five terminal adapters', () => {
  it('are exported once each, in the order of TERMINAL_PROVIDERS, with their documentation', () => {
    expect(TERMINAL_ADAPTERS.map((adapter) => adapter.name)).toEqual([...TERMINAL_PROVIDERS]);
    for (const adapter of TERMINAL_ADAPTERS) expect(adapter.documentation).toMatch(/^https:\/\//);
  });

  it('are ready for Adyen, Stripe Terminal and SumUp only; the others say why not', () => {
    const readiness = Object.fromEntries(TERMINAL_ADAPTERS.map((a) => [a.name, a.readiness]));
    expect(readiness.adyen).toEqual({ ready: true });
    expect(readiness.stripe_terminal).toEqual({ ready: true });
    expect(readiness.sumup).toEqual({ ready: true });
    expect(readiness.ingenico).toEqual({
      ready: false,
      reason: expect.stringContaining('partnership'),
    });
    expect(readiness.worldline).toEqual({
      ready: false,
      reason: expect.stringContaining('nexo Retailer v5.1'),
    });
  });
});

describe.each([
  ['ingenico', createIngenicoProvider],
  ['worldline', createWorldlineProvider],
] as const)('the %s adapter, which cannot be finished', (_name, create) => {
  it('never approves, and refuses charges and refunds without sending anything', async () => {
    const fetchSpy = jest.spyOn(globalThis, 'fetch');
    const provider = create();
    try {
      await expect(
        provider.charge(charge, undefined as never, AbortSignal.timeout(1000)),
      ).rejects.toBeInstanceOf(ProviderProtocolError);
      await expect(
        provider.refund(refund, undefined as never, AbortSignal.timeout(1000)),
      ).rejects.toBeInstanceOf(ProviderProtocolError);
      expect(fetchSpy).not.toHaveBeenCalled();
    } finally {
      fetchSpy.mockRestore();
    }
  });
});

describe('credentials of the unfinished adapters', () => {
  it('Ingenico accepts none: there is no public credentials shape', () => {
    expect(() =>
      createIngenicoProvider().parseCredentials({ apiKey: 'anything-at-all-0000' }),
    ).toThrow(ProviderCredentialsError);
  });

  it('Worldline checks the documented API key and merchant id', () => {
    const worldline = createWorldlineProvider();
    expect(
      worldline.parseCredentials({ apiKey: 'wl_terminal_api_key_0001', merchantId: 'umid-42' }),
    ).toEqual({
      apiKey: 'wl_terminal_api_key_0001',
      merchantId: 'umid-42',
    });
    expect(() => worldline.parseCredentials({ apiKey: 'short', merchantId: 'umid-42' })).toThrow(
      expect.objectContaining({ field: 'apiKey' }),
    );
  });
});
