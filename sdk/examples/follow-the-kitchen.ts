import {
  ChangeOrderItemStatusDocument,
  CreateOrderDocument,
  KitchenTicketsDocument,
  type KitchenTicketsSubscription,
  type SottoClient,
} from '../src';
import { runExample } from './example-client';

type Ticket = KitchenTicketsSubscription['kitchenTickets'];

/**
 * A kitchen screen for the grill: follows its tickets live (the open ones first, then each
 * change), while a server orders a burger and the cook takes it through preparing to ready.
 * Answers what the screen saw, in order.
 */
export async function followTheKitchen(client: SottoClient, station = 'grill') {
  const seen: { orderId: string; items: string[]; snapshot: boolean }[] = [];
  const screen = new Map<string, Ticket>();
  let changed: () => void = () => {};
  const subscription = client.subscribe(
    KitchenTicketsDocument,
    { station },
    ({ kitchenTickets: ticket }, meta) => {
      seen.push({
        orderId: ticket.id,
        items: ticket.items.map((item) => `${item.name}: ${item.status}`),
        snapshot: meta.snapshot === true,
      });
      // An order whose items come back empty has left the station.
      if (ticket.items.length === 0) screen.delete(ticket.id);
      else screen.set(ticket.id, ticket);
      changed();
    },
  );
  const until = (condition: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error('the kitchen screen did not update')),
        15_000,
      );
      changed = () => {
        if (!condition()) return;
        clearTimeout(timer);
        resolve();
      };
      changed();
    });

  try {
    const { createOrder: order } = await client.graphql(CreateOrderDocument, {
      input: { tableId: '7', items: [{ menuItemId: 'burger_1', quantity: 2 }] },
    });
    await until(() => screen.has(order.id));

    let version = order.version;
    const burger = order.items[0]!;
    // The cook starts the burger, sees it preparing on the screen, then marks it ready.
    const move = async (status: 'PREPARING' | 'READY') => {
      const { changeOrderItemStatus } = await client.graphql(ChangeOrderItemStatusDocument, {
        orderId: order.id,
        itemId: burger.id,
        status,
        expectedVersion: version,
      });
      version = changeOrderItemStatus.version;
    };
    await move('PREPARING');
    await until(() =>
      Boolean(screen.get(order.id)?.items.some((item) => item.status === 'PREPARING')),
    );
    await move('READY');
    await until(() => !screen.has(order.id));
    return { orderId: order.id, seen: seen.filter((entry) => entry.orderId === order.id) };
  } finally {
    subscription.unsubscribe();
  }
}

if (require.main === module) runExample((client) => followTheKitchen(client));
