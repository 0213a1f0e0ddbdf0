import DataLoader from 'dataloader';
import type { MikroORM } from '@mikro-orm/postgresql';
import { tenantRequestContext } from '../../../platform/src/graphql/request-context';
import type { SubgraphClient } from '../../../platform/src/graphql/subgraph-client';
import type { SubgraphDefinition } from '../../../platform/src/graphql/subgraph-server';
import type { Logger } from '../../../platform/src/logger';
import type { OrdersContext } from './context';
import { OrderItemSchema } from './entities/order-item.entity';
import { OrderSchema } from './entities/order.entity';
import { InventoryClient } from './inventory-client';
import { MenuClient } from './menu-client';
import { ordersMigrations } from './migrations';
import { OrdersService } from './orders.service';
import { ordersPermissions } from './permissions';
import { resolvers } from './resolvers';

export const ORDERS_SCHEMA = 'orders';
export const ordersEntities = [OrderSchema, OrderItemSchema];
export const ordersTenantEntities = ['Order', 'OrderItem'];
export { ordersMigrations };
export { OrderSettlement } from './order-settlement';

export function ordersSubgraph(deps: {
  orm: MikroORM;
  menu: SubgraphClient;
  inventory: SubgraphClient;
  internalSecret: string;
  logger: Logger;
}): SubgraphDefinition<OrdersContext> {
  return {
    name: 'orders',
    resolvers,
    permissions: ordersPermissions,
    orm: deps.orm,
    internalSecret: deps.internalSecret,
    logger: deps.logger,
    context: (caller, requestId) =>
      tenantRequestContext(deps.orm, caller, requestId, (db, tenant) => {
        const orders = new OrdersService(
          db,
          tenant,
          new MenuClient(deps.menu.forRequest(requestId)),
          new InventoryClient(deps.inventory.forRequest(requestId)),
        );
        return {
          orders,
          orderById: new DataLoader((ids: readonly string[]) => orders.findMany(ids)),
        };
      }),
  };
}
