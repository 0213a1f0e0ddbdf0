import type { CodegenConfig } from '@graphql-codegen/cli';
import { clientSchemaSdl } from './gateway/src/client-schema';

/**
 * Resolver types for each subgraph, generated from its SDL in `schema/`. The resolvers import
 * them, so a schema change that the code does not follow fails the type check.
 * `npm run codegen` rewrites them; a test fails when they are stale.
 */
interface SubgraphTypes {
  context: string;
  mappers?: Record<string, string>;
}

export const SUBGRAPHS: Record<string, SubgraphTypes> = {
  identity: { context: '../context#IdentityContext' },
  menu: {
    context: '../context#MenuContext',
    mappers: {
      MenuItem: '../entities/menu-item.entity#MenuItem',
      MenuModifier: '../entities/menu-item.entity#PricedModifier',
      Money: '../../../../platform/src/money#MoneyValue',
    },
  },
  orders: {
    context: '../context#OrdersContext',
    mappers: {
      Order: '../entities/order.entity#Order',
      OrderItem: '../entities/order-item.entity#OrderItem',
      Money: '../../../../platform/src/money#MoneyValue',
      OrderConnection: '../orders.service#OrderPage',
      OrderBill: '../entities/order.entity#Order',
    },
  },
  inventory: {
    context: '../context#InventoryContext',
    mappers: {
      InventoryItem: '../entities/inventory-item.entity#InventoryItem',
      StockMovement: '../entities/stock-movement.entity#StockMovement',
      RecipeLine: '../entities/recipe-line.entity#RecipeLine',
      InventoryItemConnection: '../inventory.service#InventoryItemPage',
      StockShortage: '../stock-coverage#StockShortage',
      MenuItem: '../stock-coverage#MenuItemReference',
    },
  },
  reservations: {
    context: '../context#ReservationsContext',
    mappers: {
      Reservation: '../entities/reservation.entity#Reservation',
      Table: '../table-assignment#FloorTable',
      TableAvailability: '../reservations.service#Availability',
      ReservationConnection: '../reservations.service#ReservationPage',
      CreateReservationPayload: '../reservations.service#CreateOutcome',
      Order: '../reservations.service#OrderAtTable',
      BookingChannelConnection: '../entities/channel-connection.entity#ChannelConnection',
      NewBookingChannelConnection: '../channels/channel-connections#NewChannelConnection',
      ChannelReceipt: '../channels/channel-connections#ChannelReceipt',
      ServiceSettings: '../entities/floor-settings.entity#FloorSettingsFields',
      SetTablePayload: '../floor-management#SetTableOutcome',
    },
  },
  webhooks: {
    context: '../context#WebhooksContext',
    mappers: {
      Webhook: '../entities/webhook-endpoint.entity#WebhookEndpoint',
      WebhookDelivery: '../entities/webhook-delivery.entity#WebhookDelivery',
      WebhookAttempt: '../entities/webhook-attempt.entity#WebhookAttempt',
      CreatedWebhook: '../webhooks.service#CreatedWebhook',
    },
  },
  payments: {
    context: '../context#PaymentsContext',
    mappers: {
      Payment: '../entities/payment.entity#Payment',
      Refund: '../entities/refund.entity#Refund',
      Money: '../../../../platform/src/money#MoneyValue',
      PaymentMethodState: '../payments.service#PaymentMethodState',
      TerminalProviderState: '../provider-accounts#TerminalProviderState',
      PaymentMethods: '../resolvers/payment-methods#PaymentMethodsModel',
      Order: '../resolvers/order-payments#OrderReference',
    },
  },
};

/** Where the files go; a test points it elsewhere to compare a fresh run with the committed files. */
const OUT = process.env.SOTTO_CODEGEN_OUT ?? '.';

export const generatedTypesPath = (name: string) =>
  `${OUT}/subgraphs/${name}/src/__generated__/resolvers-types.ts`;

/** The SDK's typed operations: `sdk/operations/*.graphql` against the schema clients see. */
export const SDK_OPERATIONS_PATH = 'sdk/src/__generated__/operations.ts';

const sdkOperations: CodegenConfig['generates'] = {
  [`${OUT}/${SDK_OPERATIONS_PATH}`]: {
    schema: clientSchemaSdl(),
    documents: 'sdk/operations/*.graphql',
    plugins: ['typescript-operations', 'typed-document-node'],
    config: {
      enumsAsTypes: true,
      useTypeImports: true,
      avoidOptionals: { field: true, inputValue: false, object: true, defaultValue: false },
      scalars: { DateTime: { input: 'string', output: 'string' } },
    },
  },
};

const config: CodegenConfig = {
  overwrite: true,
  silent: true,
  generates: {
    ...Object.fromEntries(
      Object.entries(SUBGRAPHS).map(([name, types]) => [
        generatedTypesPath(name),
        {
          schema: `schema/${name}.graphql`,
          plugins: ['typescript', 'typescript-resolvers'],
          config: {
            federation: true,
            contextType: types.context,
            mappers: types.mappers ?? {},
            enumsAsTypes: true,
            mapperTypeSuffix: 'Model',
            useIndexSignature: false,
            useTypeImports: true,
            scalars: { DateTime: { input: 'Date', output: 'Date' } },
          },
        },
      ]),
    ),
    ...sdkOperations,
  },
};

export default config;
