import {
  columnValues,
  deleteStatement,
  insertStatement,
  updateStatement,
  type ColumnValues,
} from '../../../platform/src/database/entity-statements';
import {
  eventStatement,
  type EventType,
  type NewEvent,
} from '../../../platform/src/events/event-log';
import {
  OWN_ROWS,
  type Decision,
  type Row,
  type SqlQuery,
  type TenantDatabase,
} from '../../../platform/src/tenancy/tenant-database';
import type { Order } from './entities/order.entity';
import { ordersFromRows, ordersWithItems } from './order-rows';
import { orderSnapshot } from './order-snapshot';

/** An order event to append with a change, beside the order's snapshot. */
export interface OrderEvent {
  type: EventType;
  extra?: Record<string, unknown>;
}

/** An order's event, carrying the order as it is now. */
export function orderEvent(order: Order, { type, extra }: OrderEvent): NewEvent {
  return {
    type,
    tenant: order.tenant(),
    aggregate: { type: 'order', id: order.id },
    payload: { order: orderSnapshot(order), ...extra },
  };
}

/**
 * One change to one order in two round trips (`TenantDatabase.lockThenWrite`): the order, locked
 * `for update`, and its items are read; `apply` changes them as entities (not managed: the
 * unit of work never sees them) and lists the events; then only what changed is written — the
 * order's and items' changed columns, items added or removed — with the events carrying the
 * order as it now is, and the change commits. `apply` gets `null` for an order that is not the
 * tenant's; whatever it throws rolls everything back. What `apply` answers is the change's answer.
 */
export function changeOrder<T>(
  db: TenantDatabase,
  id: string,
  apply: (order: Order | null, events: OrderEvent[]) => T,
): Promise<T> {
  return db.lockThenWrite(ordersWithItems(`${OWN_ROWS} and id = ?`, [id], { lock: true }), (rows) =>
    decide(db, rows, apply),
  );
}

function decide<T>(
  db: TenantDatabase,
  rows: Row[][],
  apply: (order: Order | null, events: OrderEvent[]) => T,
): Decision<T> {
  const [order] = ordersFromRows(db, rows);
  const events: OrderEvent[] = [];
  if (!order) return { statements: [], answer: apply(null, events) };
  const read = [...order.items.getItems()];
  const { mapping } = db;
  const before = new Map<object, ColumnValues>(
    [order, ...read].map((entity) => [entity, columnValues(mapping, entity)]),
  );
  const answer = apply(order, events);
  const items = order.items.getItems();
  const statements: (SqlQuery | null)[] = [
    updateStatement(mapping, order, before.get(order)!),
    deleteStatement(
      mapping,
      read.filter((item) => !items.includes(item)),
    ),
    ...items.map((item) => {
      const was = before.get(item);
      return was ? updateStatement(mapping, item, was) : insertStatement(mapping, item);
    }),
    ...events.map((event) => eventStatement(orderEvent(order, event))),
  ];
  return { statements, answer };
}
