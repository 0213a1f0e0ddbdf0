import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../../platform/src/config';
import type { RequestScoped } from '../../platform/src/graphql/request-context';
import type { SubgraphClient } from '../../platform/src/graphql/subgraph-client';
import type { SubgraphDefinition } from '../../platform/src/graphql/subgraph-server';
import type { Logger } from '../../platform/src/logger';
import type { TenantChanges } from '../../platform/src/database/tenant-changes';
import { changedHere, TenantSchemaCache } from '../../platform/src/database/tenant-schema-cache';
import type { SubgraphName } from '../../gateway/src/subgraph-list';
import { TenantDatabase } from '../../platform/src/tenancy/tenant-database';
import { MENU_SCHEMA, menuSubgraph } from '../../subgraphs/menu/src';
import { DEMO_MENU } from '../../subgraphs/menu/src/demo-menu';
import { MenuService } from '../../subgraphs/menu/src/menu.service';
import { OrderSettlement, ordersSubgraph } from '../../subgraphs/orders/src';
import { paymentsSubgraph, startPaymentRunner } from '../../subgraphs/payments/src';
import {
  INVENTORY_SCHEMA,
  inventorySubgraph,
  OrderStockReconciler,
  seedDemoStock,
} from '../../subgraphs/inventory/src';
import { seedDemoLowStock } from '../../subgraphs/inventory/src/demo-seed';
import { seedDemoOrders } from '../../subgraphs/orders/src/demo-orders';
import { seedDemoCashPayments } from '../../subgraphs/payments/src/demo-payments';
import { seedDemoReservations } from '../../subgraphs/reservations/src/demo-reservations';
import { DEMO_ORDERS, type DemoActivity } from './demo-activity';
import { EventLogConsumer } from '../../platform/src/events/event-log-reader';
import {
  FLOOR_TABLES,
  RESERVATIONS_SCHEMA,
  ReservationsService,
  reservationsSubgraph,
} from '../../subgraphs/reservations/src';
import { DEMO_SERVICE, DEMO_TABLES } from '../../subgraphs/reservations/src/demo-floor';
import {
  WebhookDeliveryWorker,
  WebhookFanOut,
  WebhookSecrets,
  webhooksSubgraph,
} from '../../subgraphs/webhooks/src';
import { webhookBody } from '../../gateway/src/rest/event-json';

/** What a domain service gets when its process starts it. */
export interface DomainServiceDeps {
  orm: MikroORM;
  /** The event log's own ORM, for services that read it (`usesEvents`). */
  eventsOrm?: MikroORM;
  internalSecret: string;
  logger: Logger;
  config: Config;
  /** A client of another subgraph, in this process or at its `SOTTO_<NAME>_URL`. */
  client(name: SubgraphName): SubgraphClient;
  /** The process's change notifications (one listener, started by the first call). */
  tenantChanges(): Promise<TenantChanges>;
}

/** Something a service runs beside its subgraph, such as an event-log consumer. */
export interface BackgroundWorker {
  stop(): Promise<void>;
}

/**
 * A domain subgraph as the launcher sees it. Adding a domain is adding one entry here (and its
 * schema in `databases.ts`, its URL in `subgraph-list.ts`).
 */
export interface DomainService {
  name: Exclude<SubgraphName, 'identity'>;
  /** The subgraphs it calls; in one process they start before it. */
  calls?: readonly SubgraphName[];
  /** Whether it appends to or reads the event log. */
  usesEvents?: boolean;
  subgraph(deps: DomainServiceDeps): SubgraphDefinition<RequestScoped>;
  /** Workers that run beside the subgraph (event consumers). */
  workers?(deps: DomainServiceDeps): Promise<BackgroundWorker[]>;
  /** Gives a tenant the demo restaurant's data (the menu, tables, stock); idempotent. */
  seedDemo?(db: TenantDatabase): Promise<unknown>;
  /**
   * The demo restaurant's sample activity on top of its data (orders in every state, a cash
   * payment, reservations, an item low in stock): on its first start and at `sandbox reset`.
   */
  seedDemoActivity?(db: TenantDatabase, activity: DemoActivity): Promise<unknown>;
  /**
   * The entities that `sandbox reset` empties for the tenant before seeding again, children
   * first. What an integration set up (webhooks, calendar feeds, booking platforms, terminal
   * providers) is not among them.
   */
  sandboxData?: readonly string[];
}

export const DOMAIN_SERVICES: readonly DomainService[] = [
  {
    name: 'menu',
    subgraph: ({ orm, internalSecret, logger, tenantChanges }) =>
      menuSubgraph({
        orm,
        internalSecret,
        logger,
        menus: new TenantSchemaCache(MENU_SCHEMA, tenantChanges()),
      }) as SubgraphDefinition<RequestScoped>,
    seedDemo: (db) => new MenuService(db).addMissing(DEMO_MENU),
    sandboxData: ['MenuItem'],
  },
  {
    name: 'inventory',
    usesEvents: true,
    subgraph: ({ orm, internalSecret, logger, tenantChanges }) =>
      inventorySubgraph({
        orm,
        internalSecret,
        logger,
        kept: {
          counting: new TenantSchemaCache(INVENTORY_SCHEMA, tenantChanges()),
          recipes: new TenantSchemaCache(INVENTORY_SCHEMA, tenantChanges()),
        },
      }) as SubgraphDefinition<RequestScoped>,
    // Orders deplete stock and cancellations give it back, from the event log, exactly once;
    // the subgraph beside the consumer reads the stock it took at once.
    workers: async ({ orm, logger, tenantChanges }) => {
      const reconciler = new OrderStockReconciler(orm, logger, (tenant) =>
        changedHere(tenantChanges(), INVENTORY_SCHEMA, tenant),
      );
      const consumer = new EventLogConsumer({
        url: orm.config.get('clientUrl')!,
        name: 'inventory.order-stock',
        handle: (event, batch) => reconciler.handle(event, batch),
        onError: (error) => logger.error({ err: error }, 'inventory: order stock consumer failed'),
      });
      await consumer.start();
      return [consumer];
    },
    seedDemo: (db) => seedDemoStock(db),
    seedDemoActivity: (db) => seedDemoLowStock(db),
    sandboxData: ['OrderStockVersion', 'StockMovement', 'RecipeLine', 'InventoryItem'],
  },
  {
    name: 'orders',
    calls: ['menu', 'inventory'],
    usesEvents: true,
    subgraph: ({ orm, internalSecret, logger, client }) =>
      ordersSubgraph({
        orm,
        internalSecret,
        logger,
        menu: client('menu'),
        inventory: client('inventory'),
      }) as SubgraphDefinition<RequestScoped>,
    seedDemoActivity: async (db, activity) => {
      activity.orders = await seedDemoOrders(db, DEMO_ORDERS);
    },
    sandboxData: ['OrderItem', 'Order'],
    // A served order whose payments cover its total becomes paid, from the event log, once.
    workers: async ({ orm, logger }) => {
      const settlement = new OrderSettlement(orm, logger);
      const consumer = new EventLogConsumer({
        url: orm.config.get('clientUrl')!,
        name: 'orders.payment-settlement',
        handle: (event) => settlement.handle(event),
        onError: (error) => logger.error({ err: error }, 'orders: payment settlement failed'),
      });
      await consumer.start();
      return [consumer];
    },
  },
  {
    name: 'payments',
    calls: ['orders'],
    usesEvents: true,
    subgraph: ({ orm, internalSecret, logger, config, client }) =>
      paymentsSubgraph({
        orm,
        internalSecret,
        logger,
        config,
        orders: client('orders'),
      }) as SubgraphDefinition<RequestScoped>,
    seedDemoActivity: (db, activity) =>
      seedDemoCashPayments(
        db,
        activity.orders
          .filter((order) => order.status === 'paid')
          .map((order) => ({
            orderId: order.id,
            totalCents: order.totalCents,
            currency: order.currency,
          })),
      ),
    sandboxData: ['Refund', 'Payment'],
    // Card payments are driven on their terminals by a runner that claims them from the database.
    workers: async ({ orm, internalSecret, logger, config, client }) => [
      await startPaymentRunner({ orm, internalSecret, logger, config, orders: client('orders') }),
    ],
  },
  {
    name: 'reservations',
    usesEvents: true,
    subgraph: ({ orm, internalSecret, logger, config, tenantChanges }) =>
      reservationsSubgraph({
        orm,
        internalSecret,
        logger,
        secretsKey: config.SOTTO_SECRETS_KEY,
        floors: new TenantSchemaCache(RESERVATIONS_SCHEMA, tenantChanges(), {
          tables: FLOOR_TABLES,
        }),
      }) as SubgraphDefinition<RequestScoped>,
    seedDemo: (db) =>
      new ReservationsService(db, db.tenant).addMissingFloor(DEMO_TABLES, DEMO_SERVICE),
    seedDemoActivity: (db, activity) =>
      seedDemoReservations(db, db.tenant, DEMO_SERVICE, activity.now),
    sandboxData: ['TableHold', 'Reservation', 'DiningTable', 'FloorSettings'],
  },
  {
    name: 'webhooks',
    usesEvents: true,
    subgraph: ({ orm, internalSecret, logger, config }) =>
      webhooksSubgraph({
        orm,
        internalSecret,
        logger,
        secrets: new WebhookSecrets(orm, config.SOTTO_SECRETS_KEY),
        writeBody: webhookBody,
      }) as SubgraphDefinition<RequestScoped>,
    // Events fan out into deliveries from the log's cursor; the worker sends what is due.
    workers: async ({ orm, logger, config }) => {
      const url = orm.config.get('clientUrl')!;
      const fanOut = new WebhookFanOut(orm, webhookBody, logger);
      const consumer = new EventLogConsumer({
        url,
        name: 'webhooks.fan-out',
        handle: (event, batch) => fanOut.handle(event, batch),
        onError: (error) => logger.error({ err: error }, 'webhooks: fan-out consumer failed'),
      });
      const worker = new WebhookDeliveryWorker({
        url,
        secrets: new WebhookSecrets(orm, config.SOTTO_SECRETS_KEY),
        retrySchedule: config.SOTTO_WEBHOOK_RETRY_SCHEDULE,
        ratePerMinute: config.SOTTO_WEBHOOK_RATE_PER_MINUTE,
        logger,
      });
      await consumer.start();
      await worker.start();
      return [consumer, worker];
    },
  },
];
