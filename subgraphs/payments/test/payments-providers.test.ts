import { Client } from 'pg';
import { openSecretBox } from '../../../platform/src/crypto/secret-key-store';
import { TenantDatabase } from '../../../platform/src/tenancy/tenant-database';
import type { Tenant } from '../../../platform/src/tenancy/tenant';
import {
  SPEC_ORDER,
  testDatabaseUrl,
  type TestPlatform,
} from '../../../test/support/test-platform';
import { ProviderAccounts } from '../src';
import { credentialsContext } from '../src/entities/provider-account.entity';
import {
  ProviderCredentialsError,
  type TerminalCharge,
  type TerminalProvider,
} from '../src/providers/terminal-provider';
import { bootOnOwnDatabase } from './payment-fixtures';

/** A provider adapter as the interface describes it, recording what it is handed. */
function fakeAdapter(name: 'adyen' | 'sumup') {
  const charges: { charge: TerminalCharge; credentials: unknown }[] = [];
  const adapter: TerminalProvider<{ apiKey: string }> = {
    name,
    documentation: `https://docs.example.test/${name}`,
    readiness: { ready: true },
    refundsRetrySafe: true,
    parseCredentials(input) {
      const apiKey = (input as Record<string, unknown>).api_key;
      if (typeof apiKey !== 'string' || !apiKey.startsWith('test_')) {
        throw new ProviderCredentialsError('api_key', 'api_key must be a test_… key');
      }
      return { apiKey };
    },
    async charge(charge, credentials) {
      charges.push({ charge, credentials });
      return { status: 'approved', providerReference: `${name}_${charge.paymentId}` };
    },
    async refund(refund) {
      return { status: 'succeeded', providerReference: refund.refundId };
    },
  };
  return { adapter, charges };
}

const SECRET = 'test_live_looking_secret_4242';

let platform: TestPlatform;
// A database of its own: no other file's payment runner claims these payments.
bootOnOwnDatabase((booted) => (platform = booted));

async function sealedRows(restaurantId: string) {
  const client = new Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    const { rows } = await client.query(
      'select environment, provider, sealed_credentials from payments.provider_accounts where restaurant_id = $1',
      [restaurantId],
    );
    return rows;
  } finally {
    await client.end();
  }
}

describe('terminal provider credentials', () => {
  it('are checked by the provider’s adapter: refused ones store nothing and are never echoed', async () => {
    const tenant = await platform.tenant({ environment: 'staging', role: 'admin' });
    const configure = (provider: string, credentials: string) =>
      tenant.graphql(
        `mutation { configureTerminalProvider(provider: "${provider}", credentials: ${credentials}) {
            provider configured ready } }`,
      );
    const incomplete = await configure('adyen', `[{ name: "api_key", value: "${SECRET}" }]`);
    expect(incomplete.body.errors[0].extensions).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    expect(incomplete.text).not.toContain(SECRET);
    // Ingenico publishes no cloud terminal API: its adapter accepts no credentials at all.
    const unfinished = await configure('ingenico', `[{ name: "api_key", value: "${SECRET}" }]`);
    expect(unfinished.body.errors[0].extensions).toMatchObject({ code: 'INVALID_CREDENTIALS' });
    const unknown = await configure('paypal', '[]');
    expect(unknown.body.errors[0].extensions).toMatchObject({ code: 'INVALID_FIELD' });
    expect(await sealedRows(tenant.restaurantId)).toEqual([]);

    const stripeKey = 'sk_test_' + 'S0tt0T3stK3y'.repeat(3);
    const stripe = await configure(
      'stripe_terminal',
      `[{ name: "secretKey", value: "${stripeKey}" }]`,
    );
    expect(stripe.body.data.configureTerminalProvider).toEqual({
      provider: 'stripe_terminal',
      configured: true,
      ready: true,
    });
    expect(stripe.text).not.toContain(stripeKey);
    const rows = await sealedRows(tenant.restaurantId);
    expect(rows).toEqual([
      {
        environment: 'staging',
        provider: 'stripe_terminal',
        sealed_credentials: expect.any(String),
      },
    ]);
    expect(rows[0].sealed_credentials).not.toContain(stripeKey);
    const methods = await tenant.rest('GET', '/payments/methods');
    expect(methods.text).not.toContain(stripeKey);
    expect(methods.body.providers).toContainEqual(
      expect.objectContaining({ provider: 'stripe_terminal', configured: true, ready: true }),
    );
  });

  it('are checked by the adapter, sealed to the tenant and provider, never returned, and drive its terminal', async () => {
    const owner = await platform.tenant({ environment: 'staging', role: 'admin' });
    const tenant: Tenant = { restaurantId: owner.restaurantId, environment: 'staging' };
    const orm = platform.platform.orms.payments!;
    const adyen = fakeAdapter('adyen');
    const sumup = fakeAdapter('sumup');
    const registry = {
      adapters: [adyen.adapter, sumup.adapter],
      secrets: () => openSecretBox(orm.em.fork(), 'payments'),
    };
    const accounts = new ProviderAccounts(new TenantDatabase(orm.em, tenant), tenant, registry);

    await expect(
      accounts.configure('adyen', [{ name: 'api_key', value: 'live_nope' }]),
    ).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
      details: [{ field: 'credentials.api_key', message: 'api_key must be a test_… key' }],
    });
    expect(await accounts.active()).toBeNull();

    const state = await accounts.configure('adyen', [{ name: 'api_key', value: SECRET }]);
    expect(state).toMatchObject({ provider: 'adyen', configured: true, ready: true, reason: null });
    expect(JSON.stringify(state)).not.toContain(SECRET);
    expect(await accounts.active()).toBe('adyen');
    await accounts.configure('sumup', [{ name: 'api_key', value: 'test_other' }]);
    expect(await accounts.active()).toBe('sumup');

    // Stored sealed: the plaintext is nowhere in the row, and it opens only in its own context.
    const rows = await sealedRows(owner.restaurantId);
    expect(rows.map((row) => row.provider).sort()).toEqual(['adyen', 'sumup']);
    const row = rows.find((candidate) => candidate.provider === 'adyen')!;
    expect(row.sealed_credentials).not.toContain(SECRET);
    const box = await registry.secrets();
    expect(
      JSON.parse(box.open(row.sealed_credentials, credentialsContext(tenant, 'adyen'))),
    ).toEqual({
      apiKey: SECRET,
    });
    expect(() =>
      box.open(
        row.sealed_credentials,
        credentialsContext({ ...tenant, environment: 'production' }, 'adyen'),
      ),
    ).toThrow();
    expect(() => box.open(row.sealed_credentials, credentialsContext(tenant, 'sumup'))).toThrow();

    // Another environment of the same restaurant sees none of it.
    const production: Tenant = { ...tenant, environment: 'production' };
    const elsewhere = new ProviderAccounts(
      new TenantDatabase(orm.em, production),
      production,
      registry,
    );
    expect((await elsewhere.states()).every((s) => !s.configured)).toBe(true);
    expect(await elsewhere.active()).toBeNull();

    // The bound terminal hands the opened credentials to the adapter, keyed by our payment id.
    const terminal = await accounts.terminal('adyen');
    const outcome = await terminal.charge(
      {
        paymentId: 'pay_x',
        terminalId: 'P400',
        amountCents: 1870,
        tipCents: 0,
        currency: 'EUR',
        description: 'ord_x',
      },
      AbortSignal.timeout(1000),
    );
    expect(outcome).toEqual({ status: 'approved', providerReference: 'adyen_pay_x' });
    expect(adyen.charges[0]!.credentials).toEqual({ apiKey: SECRET });

    // GraphQL and REST list the providers without any credential.
    const listed = await owner.rest('GET', '/payments/methods');
    expect(listed.status).toBe(200);
    expect(listed.text).not.toContain(SECRET);
    expect(listed.text).not.toContain(row.sealed_credentials);
  });
});

describe('row-level security on the payments tables', () => {
  it('a tenant transaction sees no other tenant’s payments, and never the secret key', async () => {
    const victim = await platform.tenant();
    const order = (await victim.rest('POST', '/orders', SPEC_ORDER)).body;
    const paid = await victim.rest('POST', '/payments', {
      order_id: order.order_id,
      method: 'cash',
    });
    await victim.rest('POST', `/payments/${paid.body.payment_id}/refund`, { amount: 1 });
    const orm = platform.platform.orms.payments!;
    const neighbour: Tenant = { restaurantId: victim.restaurantId, environment: 'staging' };
    const seen = await new TenantDatabase(orm.em, neighbour).transaction(async (em) => ({
      payments: await em.execute('select id from payments.payments where order_id = ?', [
        order.order_id,
      ]),
      refunds: await em.execute(
        'update payments.refunds set amount_cents = 1 where payment_id = ? returning id',
        [paid.body.payment_id],
      ),
    }));
    expect(seen).toEqual({ payments: [], refunds: [] });
    await expect(
      new TenantDatabase(orm.em, neighbour).transaction((em) =>
        em.execute('select key from payments.secret_box_key'),
      ),
    ).rejects.toThrow(/permission denied/);
    const own = await new TenantDatabase(orm.em, {
      restaurantId: victim.restaurantId,
      environment: 'sandbox',
    }).transaction((em) =>
      em.execute('select amount_cents from payments.refunds where payment_id = ?', [
        paid.body.payment_id,
      ]),
    );
    expect(own).toEqual([{ amount_cents: 100 }]);
  });
});
