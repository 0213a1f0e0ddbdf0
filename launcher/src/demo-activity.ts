import { DEMO_MENU } from '../../subgraphs/menu/src/demo-menu';
import type { DemoOrder, SeededOrder } from '../../subgraphs/orders/src/demo-orders';
import type { MenuSnapshot } from '../../subgraphs/orders/src/entities/order-item.entity';
import type { OrderItemStatus } from '../../subgraphs/orders/src/order-state-machine';

/**
 * What the demo's services hand each other while its sample activity is seeded (orders seeds
 * the service in progress, payments settles the paid ones), in DOMAIN_SERVICES' order.
 */
export interface DemoActivity {
  now: Date;
  orders: SeededOrder[];
}

/** The order facts of a demo dish with its chosen modifiers, as the menu would price them. */
function dish(code: string, modifiers: string[] = []): MenuSnapshot {
  const item = DEMO_MENU.find((candidate) => candidate.code === code);
  if (!item) throw new Error(`the demo menu has no '${code}'`);
  const extras = modifiers.map((modifier) => {
    const found = item.modifiers?.find((candidate) => candidate.code === modifier);
    if (!found) throw new Error(`'${code}' has no modifier '${modifier}'`);
    return found.priceCents;
  });
  return {
    menuItemId: item.code,
    name: item.name,
    unitPriceCents: item.priceCents + extras.reduce((sum, cents) => sum + cents, 0),
    taxRateBasisPoints: item.taxRateBasisPoints ?? 1000,
    station: item.station,
  };
}

const line = (
  code: string,
  status: OrderItemStatus,
  quantity = 1,
  modifiers: string[] = [],
  notes = '',
) => ({ snapshot: dish(code, modifiers), quantity, modifiers, notes, status });

/** A service in progress: one order in each state a restaurant sees during a meal. */
export const DEMO_ORDERS: readonly DemoOrder[] = [
  {
    tableId: '12',
    serverId: 'server_3429',
    status: 'created',
    lines: [
      line('burger_1', 'pending', 1, ['no_onions', 'medium_rare'], 'Sauce à part'),
      line('fries_regular', 'pending'),
    ],
  },
  {
    tableId: '5',
    serverId: 'server_1207',
    status: 'in_progress',
    lines: [
      line('steak_frites', 'preparing', 2, ['sauce_poivre']),
      line('salade_cesar', 'ready'),
      line('verre_bordeaux', 'served', 2),
    ],
  },
  {
    tableId: '9',
    serverId: 'server_1207',
    status: 'ready',
    lines: [line('moules_frites', 'ready', 3), line('demi_pression', 'served', 3)],
  },
  {
    tableId: '22',
    serverId: 'server_3429',
    status: 'served',
    lines: [line('croque_monsieur', 'served', 1, ['add_egg']), line('cafe', 'served', 2)],
  },
  {
    tableId: '3',
    serverId: 'server_3429',
    status: 'paid',
    paid: true,
    lines: [
      line('confit_canard', 'served'),
      line('creme_brulee', 'served'),
      line('pichet_cotes_rhone', 'served'),
    ],
  },
  {
    tableId: '11',
    serverId: 'server_1207',
    status: 'cancelled',
    lines: [line('tarte_tatin', 'cancelled')],
  },
];
