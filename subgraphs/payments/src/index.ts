import DataLoader from 'dataloader';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../../../platform/src/config';
import { openSecretBox } from '../../../platform/src/crypto/secret-key-store';
import type { SecretBox } from '../../../platform/src/crypto/secret-box';
import { tenantRequestContext } from '../../../platform/src/graphql/request-context';
import type { SubgraphClient } from '../../../platform/src/graphql/subgraph-client';
import type { SubgraphDefinition } from '../../../platform/src/graphql/subgraph-server';
import type { Logger } from '../../../platform/src/logger';
import { decimalToCents } from '../../../platform/src/money';
import type { PaymentsContext } from './context';
import { PaymentSchema } from './entities/payment.entity';
import { ProviderAccountSchema } from './entities/provider-account.entity';
import { RefundSchema } from './entities/refund.entity';
import { paymentsMigrations } from './migrations';
import { OrdersClient } from './orders-client';
import { PaymentRunner } from './payment-runner';
import { PaymentsService, type PaymentSettings } from './payments.service';
import { paymentsPermissions } from './permissions';
import { ProviderAccounts, type TerminalProviderRegistry } from './provider-accounts';
import { TERMINAL_ADAPTERS } from './providers/adapters';
import { resolvers } from './resolvers';
import { TerminalSimulator } from './terminal-simulator';

export const PAYMENTS_SCHEMA = 'payments';
export const paymentsEntities = [PaymentSchema, RefundSchema, ProviderAccountSchema];
export const paymentsTenantEntities = ['Payment', 'Refund', 'ProviderAccount'];
export { paymentsMigrations, ProviderAccounts };

export interface PaymentsDeps {
  orm: MikroORM;
  orders: SubgraphClient;
  internalSecret: string;
  logger: Logger;
  config: Config;
}

function settingsOf(config: Config, logger: Logger): PaymentSettings {
  return {
    mealVoucherCapCents: decimalToCents(config.SOTTO_MEAL_VOUCHER_DAILY_CAP),
    terminalTimeoutMs: config.SOTTO_TERMINAL_TIMEOUT_MS,
    simulator: new TerminalSimulator(config.SOTTO_TERMINAL_SIM_DELAY_MS),
    logger,
  };
}

/** The adapters of this build, and the service's `SecretBox`, opened once on first use. */
export function terminalProviderRegistry(orm: MikroORM, config: Config): TerminalProviderRegistry {
  let box: Promise<SecretBox> | undefined;
  return {
    adapters: TERMINAL_ADAPTERS,
    secrets: () => {
      box ??= openSecretBox(orm.em.fork(), PAYMENTS_SCHEMA, config.SOTTO_SECRETS_KEY).catch(
        (error) => {
          box = undefined;
          throw error;
        },
      );
      return box;
    },
  };
}

export function paymentsSubgraph(deps: PaymentsDeps): SubgraphDefinition<PaymentsContext> {
  const settings = settingsOf(deps.config, deps.logger);
  const registry = terminalProviderRegistry(deps.orm, deps.config);
  return {
    name: 'payments',
    resolvers,
    permissions: paymentsPermissions,
    orm: deps.orm,
    internalSecret: deps.internalSecret,
    logger: deps.logger,
    context: (caller, requestId) =>
      tenantRequestContext(deps.orm, caller, requestId, (db, known) => {
        const orders = new OrdersClient(deps.orders.forRequest(requestId));
        const providerAccounts = new ProviderAccounts(db, known, registry);
        const payments = new PaymentsService(db, known, orders, providerAccounts, settings);
        return {
          payments,
          providerAccounts,
          paymentById: new DataLoader((ids: readonly string[]) => payments.findMany(ids)),
          paymentsByOrder: new DataLoader((ids: readonly string[]) => payments.ofOrders(ids)),
          refundsByPayment: new DataLoader((ids: readonly string[]) => payments.refundsOf(ids)),
        };
      }),
  };
}

/** The background runner that drives card payments on their terminals. */
export async function startPaymentRunner(deps: PaymentsDeps): Promise<PaymentRunner> {
  const registry = terminalProviderRegistry(deps.orm, deps.config);
  const runner = new PaymentRunner({
    orm: deps.orm,
    simulator: settingsOf(deps.config, deps.logger).simulator,
    accounts: (db, tenant) => new ProviderAccounts(db, tenant, registry),
    orders: new OrdersClient(deps.orders),
    logger: deps.logger,
  });
  await runner.start();
  return runner;
}
