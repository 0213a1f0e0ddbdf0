import { EntityManager } from '@mikro-orm/core';
import { at, fridayAhead } from '../../subgraphs/reservations/test/floor';
import {
  bootTestPlatform,
  type TestPlatform,
  type TestTenant,
} from '../../test/support/test-platform';
import { traceRequests, type RequestTrace } from '../../test/support/request-trace';
import { consumersCaughtUp } from '../../test/support/event-consumers';
import { eventually } from '../../test/support/eventually';
import { requestWithMessages } from '../../test/support/request-messages';
import { recordMessages } from '../../test/support/sent-messages';

/**
 * Batched entity resolution, measured in messages to PostgreSQL: a page of orders with their
 * items' menu items and stock, their payments and what is still due costs the same number of
 * messages for 2 orders as for 20. An N+1 in any subgraph's reference resolver shows here.
 */

/**
 * Counts the messages (round trips) sent to PostgreSQL on behalf of request `requestId` (the id the gateway
 * passes to every subgraph it calls): the event consumers working in the background for the same
 * restaurant are not the operation's.
 */
const PAGE = /* GraphQL */ `
  query Page($first: Int) {
    orders(first: $first) {
      nodes {
        id
        total {
          amount
        }
        items {
          quantity
          menuItem {
            name
            price {
              amount
            }
            available
            portionsLeft
          }
        }
        payments {
          id
          status
        }
        amountDue {
          amount
        }
      }
    }
  }
`;

let platform: TestPlatform;
let trace: RequestTrace;
beforeAll(async () => {
  platform = await bootTestPlatform();
  trace = traceRequests(platform.platform.gateway!.app.server);
});
afterAll(async () => {
  trace?.stop();
  await platform?.stop();
});

async function restaurantWithOrders(count: number): Promise<TestTenant> {
  const tenant = await platform.tenant({ stock: true });
  for (let i = 0; i < count; i++) {
    const created = await tenant.rest('POST', '/orders', {
      table_id: String(i + 1),
      items: [
        { menu_item_id: 'burger_1', quantity: 1 },
        { menu_item_id: 'fries_regular', quantity: 2 },
      ],
    });
    expect(created.status).toBe(201);
    const paid = await tenant.rest('POST', '/payments', {
      order_id: created.body.order_id,
      method: 'cash',
      amount: '1.00',
    });
    expect(paid.status).toBe(201);
  }
  return tenant;
}

async function messagesFor(tenant: TestTenant, first: number) {
  const { answer, messages } = await requestWithMessages(platform, trace, 'POST', '/graphql', {
    body: { query: PAGE, variables: { first } },
    headers: { authorization: `Bearer ${tenant.token}` },
  });
  expect(answer.body.errors).toBeUndefined();
  expect(answer.body.data.orders.nodes).toHaveLength(first);
  return messages.length;
}

/** A REST call by `tenant`, with the messages sent to PostgreSQL on its behalf. */
const countedCall = (
  tenant: TestTenant,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) =>
  requestWithMessages(platform, trace, method, `/api/v1${path}`, {
    body,
    headers: { ...headers, authorization: `Bearer ${tenant.token}` },
  });

/**
 * Once the tenant's floor is kept by the process (see README, "The floor, kept by each
 * process"): the list of its tables, executed, then reads nothing. (The demo floor's seeding
 * is notified after the tenant is made: until it is heard, a read may load the floor again.)
 */
const floorKept = (tenant: TestTenant) =>
  eventually(
    () => countedCall(tenant, 'GET', '/tables', undefined, { 'cache-control': 'no-cache' }),
    ({ messages }) => messages.length === 0,
  );

it('reads a page of 20 orders across four subgraphs in as many messages to PostgreSQL as a page of 2', async () => {
  const few = await restaurantWithOrders(2);
  const many = await restaurantWithOrders(20);
  // Once the stock consumer has taken every order's stock (and told its process), neither
  // restaurant's recipes and stock are kept: each page reads them, rather than one of the two
  // depending on whether the consumer was done.
  await consumersCaughtUp(platform.platform.databaseUrl);
  const forTwo = await messagesFor(few, 2);
  const forTwenty = await messagesFor(many, 20);
  expect(forTwo).toBeGreaterThan(0);
  expect(forTwenty).toBe(forTwo);
  // Per subgraph fetch (orders, menu, inventory, payments…), one or two messages: a hot read
  // is one (`TenantDatabase.read`), a transaction two (BEGIN, the statement entering the tenant
  // and the read in one, platform/src/database/statement-coalescing.ts; then COMMIT).
  expect(forTwenty).toBeLessThanOrEqual(10);
});

it('creates an order in three messages: its menu items, its stock, then the order, its items and its event at once; two once the menu is kept', async () => {
  const tenant = await platform.tenant({ stock: true });
  const { answer, messages } = await countedCall(tenant, 'POST', '/orders', {
    items: [
      { menu_item_id: 'burger_1', quantity: 1 },
      { menu_item_id: 'fries_regular', quantity: 2 },
    ],
  });
  expect(answer.status).toBe(201);
  expect(messages).toHaveLength(3);
  // Menu and stock are asked at once: in either order.
  expect(messages.filter((message) => /from menu\.menu_items/.test(message))).toHaveLength(1);
  const write = messages[2]!;
  expect(write).toMatch(/insert into "orders"\."orders"/);
  expect(write.match(/insert into "orders"\."order_items"/g)).toHaveLength(2);
  expect(write).toMatch(/insert into "events"\."event_log"/);

  // The next order: the menu, unchanged since, is kept by the process; stock is read again.
  const next = await countedCall(tenant, 'POST', '/orders', {
    items: [{ menu_item_id: 'burger_1', quantity: 1 }],
  });
  expect(next.answer.status).toBe(201);
  expect(next.messages).toHaveLength(2);
  expect(next.messages[0]).toMatch(/from inventory\./);
  expect(next.messages[1]).toMatch(/insert into "orders"\."orders"/);
});

it('creates an order at a restaurant that counts no stock in one message, once its menu and that are kept', async () => {
  const tenant = await platform.tenant();
  const order = { items: [{ menu_item_id: 'burger_1', quantity: 1 }] };
  const first = await countedCall(tenant, 'POST', '/orders', order);
  expect(first.answer.status).toBe(201);
  // The menu; whether the restaurant has any recipe, with the recipes asked for; the write.
  expect(first.messages).toHaveLength(3);
  expect(
    first.messages.filter((m) => /exists \(select 1 from inventory\.recipe_lines/.test(m)),
  ).toHaveLength(1);
  const next = await countedCall(tenant, 'POST', '/orders', order);
  expect(next.answer.status).toBe(201);
  expect(next.messages).toHaveLength(1);
  expect(next.messages[0]).toMatch(/insert into "orders"\."orders"/);
});

it("creates, changes and reads an order without forking MikroORM's entity manager", async () => {
  const tenant = await platform.tenant();
  const requestId = `req_forks_${Date.now()}`;
  const ours = () => trace.requestId()?.startsWith(requestId) ?? false;
  const original = EntityManager.prototype.fork;
  let forks = 0;
  EntityManager.prototype.fork = function (this: EntityManager, ...args) {
    if (ours()) forks += 1;
    return original.apply(this, args);
  } as typeof original;
  // What the requests sent to PostgreSQL: a fork would be made on the way there, so the trace
  // must be seen there, or no fork could be counted either.
  const sent = recordMessages(ours);
  try {
    const call = (method: string, path: string, step: string, body?: unknown) =>
      platform.request(method, `/api/v1${path}`, {
        body,
        headers: {
          authorization: `Bearer ${tenant.token}`,
          'x-request-id': `${requestId}_${step}`,
        },
      });
    const created = await call('POST', '/orders', 'create', {
      items: [{ menu_item_id: 'burger_1', quantity: 1 }],
    });
    expect(created.status).toBe(201);
    const id = created.body.order_id as string;
    const moved = await call('PATCH', `/orders/${id}/status`, 'status', { status: 'in_progress' });
    expect(moved.status).toBe(200);
    const read = await call('GET', `/orders/${id}`, 'read');
    expect(read.body.status).toBe('in_progress');
    expect(sent.messages.length).toBeGreaterThanOrEqual(3);
    // The statements and entities need only the ORM's metadata (`TenantDatabase.mapping`).
    expect(forks).toBe(0);
  } finally {
    sent.restore();
    EntityManager.prototype.fork = original;
  }
});

it('changes an order in two messages: the order locked and read with its items, then its changes, its events and the commit', async () => {
  const tenant = await platform.tenant({ stock: true });
  const created = await tenant.rest('POST', '/orders', {
    items: [{ menu_item_id: 'burger_1', quantity: 1 }],
  });
  expect(created.status).toBe(201);
  const orderId = created.body.order_id as string;
  const itemId = created.body.items[0].item_id as string;
  const counted = async (method: string, path: string, body: unknown) => {
    const { answer, messages } = await countedCall(tenant, method, path, body);
    expect(answer.status).toBe(200);
    return messages;
  };

  // The kitchen starts an item: it and the order change, with one event.
  const item = await counted('PATCH', `/orders/${orderId}/items/${itemId}/status`, {
    status: 'preparing',
  });
  expect(item).toHaveLength(2);
  expect(item[0]).toMatch(/^begin;/);
  expect(item[0]).toMatch(/from orders\.orders where .* for update/);
  expect(item[0]).toMatch(/from orders\.order_items where/);
  expect(item[1]).toMatch(/update "orders"\."order_items" set "status" = 'preparing'/);
  expect(item[1]).toMatch(/update "orders"\."orders" set "version" = 2/);
  expect(item[1]).toMatch(/insert into "events"\."event_log"/);
  expect(item[1]).toMatch(/commit$/);

  // Items added: stock is asked first (the menu, read for the order's creation, is kept), then
  // the same two messages.
  const added = await counted('POST', `/orders/${orderId}/items`, {
    items: [{ menu_item_id: 'fries_regular', quantity: 2 }],
  });
  expect(added).toHaveLength(3);
  expect(added.some((message) => /menu\.menu_items/.test(message))).toBe(false);
  expect(added[2]!.match(/insert into "orders"\."order_items"/g)).toHaveLength(1);
  expect(added[2]).not.toMatch(/update "orders"\."order_items"/);

  // The order is cancelled: its status and its unfinished items, with one event.
  const status = await counted('PATCH', `/orders/${orderId}/status`, { status: 'cancelled' });
  expect(status).toHaveLength(2);
  expect(status[1]!.match(/insert into "events"\."event_log"/g)).toHaveLength(1);
  expect(
    status[1]!.match(/update "orders"\."order_items" set "status" = 'cancelled'/g),
  ).toHaveLength(2);
});

it('moves a reservation along in two messages: it locked and read, then its status, its tables freed and the commit (its table for the answer from the floor kept)', async () => {
  const tenant = await platform.tenant();
  const booked = await tenant.rest('POST', '/reservations', {
    customer_name: 'Camille Martin',
    party_size: 2,
    start_time: at(fridayAhead(2), '12:30'),
  });
  expect(booked.status).toBe(201);
  await floorKept(tenant);
  const { answer, messages } = await countedCall(
    tenant,
    'PATCH',
    `/reservations/${booked.body.reservation_id}/status`,
    { status: 'cancelled' },
  );
  expect(answer.status).toBe(200);
  expect(answer.body.table_id).toBe(booked.body.table_id);
  expect(messages).toHaveLength(2);
  expect(messages[0]).toMatch(/from reservations\.reservations where .* for update/);
  expect(messages[1]).toMatch(/update "reservations"\."reservations" set "status" = 'cancelled'/);
  expect(messages[1]).toMatch(/update reservations\.table_holds set active = false/);
  expect(messages[1]).toMatch(/commit$/);
});

it('books a table in two messages: the floor and the holds around its time read, then the reservation, its holds and its event with the commit (its tables for the answer from the floor kept)', async () => {
  const tenant = await platform.tenant();
  await floorKept(tenant);
  const day = fridayAhead(2);
  const booking = {
    customer_name: 'Camille Martin',
    party_size: 2,
    start_time: at(day, '20:00'),
    source: 'thefork',
    external_id: 'tf-sql-count',
  };
  // Message 1: the reservation it changes (a channel's booking, by its id) locked, the floor
  // and the holds around the booking's time; message 2: the writes and the commit.
  const reads =
    /for update;\s*select \* from reservations\.dining_tables[\s\S]*from reservations\.table_holds/;
  const created = await countedCall(tenant, 'POST', '/reservations', booking);
  expect(created.answer.status).toBe(201);
  // Its tables, for the answer, from the floor the process keeps: the booking left it kept.
  expect(created.answer.body.table_id).toEqual(expect.any(String));
  expect(created.messages).toHaveLength(2);
  expect(created.messages[0]).toMatch(reads);
  expect(created.messages[1]).toMatch(/^insert into "reservations"\."reservations"/);
  expect(created.messages[1]).toMatch(/insert into "reservations"\."table_holds"/);
  expect(created.messages[1]).toMatch(/insert into "events"\."event_log"/);
  expect(created.messages[1]).toMatch(/commit$/);

  // The channel sends it again for four: the same reservation, on a table for four.
  const resent = await countedCall(tenant, 'POST', '/reservations', { ...booking, party_size: 4 });
  expect(resent.answer.status).toBe(200);
  expect(resent.answer.body.reservation_id).toBe(created.answer.body.reservation_id);
  expect(resent.messages).toHaveLength(2);
  expect(resent.messages[0]).toMatch(reads);
  expect(resent.messages[1]).toMatch(/^update "reservations"\."reservations" set "party_size" = 4/);
  expect(resent.messages[1]).toMatch(/delete from reservations\.table_holds/);
  expect(resent.messages[1]).toMatch(/insert into "reservations"\."table_holds"/);
  expect(resent.messages[1]).not.toMatch(/event_log/);
  expect(resent.messages[1]).toMatch(/commit$/);

  const moved = await countedCall(
    tenant,
    'PUT',
    `/reservations/${created.answer.body.reservation_id}`,
    {
      customer_name: 'Camille Martin',
      party_size: 4,
      start_time: at(day, '21:00'),
    },
  );
  expect(moved.answer.status).toBe(200);
  expect(moved.messages).toHaveLength(2);
  expect(moved.messages[0]).toMatch(reads);
  expect(moved.messages[1]).toMatch(/^update "reservations"\."reservations" set "start_time"/);
  expect(moved.messages[1]).toMatch(/insert into "reservations"\."table_holds"/);
  expect(moved.messages[1]).toMatch(/commit$/);
});

it('answers availability in one message: the holds around the time, with the floor and its settings when the floor is not kept', async () => {
  const tenant = await platform.tenant();
  const day = fridayAhead(2);
  const booked = await tenant.rest('POST', '/reservations', {
    customer_name: 'Camille Martin',
    party_size: 2,
    start_time: at(day, '20:00'),
  });
  expect(booked.status).toBe(201);
  await floorKept(tenant);
  const query = new URLSearchParams({ start_time: at(day, '20:30'), party_size: '2' });
  const available = () => countedCall(tenant, 'GET', `/tables/availability?${query}`);
  const { answer, messages } = await available();
  expect(answer.status).toBe(200);
  expect(messages).toHaveLength(1);
  expect(messages[0]).toMatch(/from reservations\.table_holds\s+where .* and active/);
  expect(messages[0]).not.toMatch(/dining_tables|floor_settings/);
  // The held table, read afresh, is not offered.
  const offered = (answer.body.tables as { table_id: string }[]).map((table) => table.table_id);
  expect(offered.length).toBeGreaterThan(0);
  expect(offered).not.toContain(booked.body.table_id);

  // A table changed: the floor, its settings and the holds, in one message.
  const table = await tenant.rest('PUT', '/tables/2', { capacity: 2, zone: 'terrasse' });
  expect(table.status).toBe(200);
  const afterChange = await available();
  expect(afterChange.messages).toHaveLength(1);
  expect(afterChange.messages[0]).toMatch(
    /from reservations\.dining_tables[\s\S]*from reservations\.floor_settings[\s\S]*from reservations\.table_holds\s+where .* and active/,
  );
});

it('takes a cash payment in three messages: the order’s bill, then the order’s payments locked and read, then the payment, its event and the commit', async () => {
  const tenant = await platform.tenant();
  const created = await tenant.rest('POST', '/orders', {
    items: [{ menu_item_id: 'burger_1', quantity: 1 }],
  });
  expect(created.status).toBe(201);
  const { answer, messages } = await countedCall(tenant, 'POST', '/payments', {
    order_id: created.body.order_id,
    method: 'cash',
    amount: '5.00',
  });
  expect(answer.status).toBe(201);
  expect(messages).toHaveLength(3);
  expect(messages[0]).toMatch(/from orders\.orders where/);
  expect(messages[1]).toMatch(
    /pg_advisory_xact_lock\(hashtext\('payments:order:ord_\w+'\)\);\s*select \* from payments\.payments where .* and order_id = /,
  );
  expect(messages[2]).toMatch(/^insert into "payments"\."payments"/);
  expect(messages[2]).toMatch(/insert into "events"\."event_log"/);
  expect(messages[2]).toMatch(/commit$/);
});

it('refunds a cash payment in two messages: the payment locked and read, then what it has refunded, the refund and the commit (a third reads the payment for the answer)', async () => {
  const tenant = await platform.tenant();
  const created = await tenant.rest('POST', '/orders', {
    items: [{ menu_item_id: 'burger_1', quantity: 1 }],
  });
  const paid = await tenant.rest('POST', '/payments', {
    order_id: created.body.order_id,
    method: 'cash',
  });
  expect(paid.status).toBe(201);
  const { answer, messages } = await countedCall(
    tenant,
    'POST',
    `/payments/${paid.body.payment_id}/refund`,
    { amount: '1.00', reason: 'cold fries' },
  );
  expect(answer.status).toBe(201);
  expect(messages).toHaveLength(3);
  expect(messages[0]).toMatch(/from payments\.payments where .* for update$/);
  expect(messages[1]).toMatch(/^update "payments"\."payments" set "refunded_cents" = 100/);
  expect(messages[1]).toMatch(/insert into "payments"\."refunds"/);
  expect(messages[1]).toMatch(/commit$/);
  expect(messages[2]).toMatch(/from payments\.payments where .* id in/);
});

it('records a stock movement in two messages: the item locked and read, then its level, the movement, the low-stock event and the commit', async () => {
  const tenant = await platform.tenant({ stock: true });
  const items = await tenant.rest('GET', '/inventory/items?limit=1');
  const item = items.body.data[0];
  // Down to the threshold: the movement raises the low-stock alert.
  const { answer, messages } = await countedCall(tenant, 'POST', '/inventory/movements', {
    item_id: item.item_id,
    type: 'waste',
    quantity: item.quantity - item.low_stock_threshold,
  });
  expect(answer.status).toBe(201);
  expect(messages).toHaveLength(2);
  expect(messages[0]).toMatch(/from inventory\.inventory_items where .* for update$/);
  expect(messages[1]).toMatch(/^update "inventory"\."inventory_items" set "quantity_milli"/);
  expect(messages[1]).toMatch(/insert into "inventory"\."stock_movements"/);
  expect(messages[1]).toMatch(/insert into "events"\."event_log"[\s\S]*'inventory\.low_stock'/);
  expect(messages[1]).toMatch(/commit$/);
});

it('registers a webhook endpoint in two messages: its count under the tenant’s lock, then the endpoint', async () => {
  const tenant = await platform.tenant({ role: 'admin', menu: false });
  const endpoint = { event: 'order.created', target_url: 'http://127.0.0.1:9/hooks' };
  // The first one also loads the key that seals secrets, once for the process.
  expect((await tenant.rest('POST', '/webhooks', endpoint)).status).toBe(201);
  const { answer, messages } = await countedCall(tenant, 'POST', '/webhooks', endpoint);
  expect(answer.status).toBe(201);
  expect(messages).toHaveLength(2);
  expect(messages[0]).toMatch(/^begin;[\s\S]*pg_advisory_xact_lock[\s\S]*count\(\*\)/);
  expect(messages[1]).toMatch(/^insert into "webhooks"\."webhook_endpoints"[\s\S]*commit$/);
});
