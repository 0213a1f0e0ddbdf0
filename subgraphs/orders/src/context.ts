import type DataLoader from 'dataloader';
import type { TenantRequestContext } from '../../../platform/src/graphql/request-context';
import type { Order } from './entities/order.entity';
import type { OrdersService } from './orders.service';

export interface OrdersServices {
  orders: OrdersService;
  /** Batches entity references to orders: one query per gateway fetch. */
  orderById: DataLoader<string, Order | null>;
}

export type OrdersContext = TenantRequestContext<OrdersServices>;
