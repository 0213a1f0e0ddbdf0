import {
  assertItemTransition,
  assertOrderTransition,
  canChangeItemStatus,
  canChangeOrderStatus,
  ORDER_ITEM_STATUSES,
  ORDER_STATUSES,
  type OrderItemStatus,
  type OrderStatus,
} from './order-state-machine';

/** The allowed changes, written out independently of the table in the state machine. */
const ALLOWED_ORDER = new Set([
  'created>in_progress',
  'created>cancelled',
  'in_progress>ready',
  'in_progress>cancelled',
  'ready>served',
  'ready>in_progress',
  'served>paid',
  'served>in_progress',
  'paid>closed',
]);

const ALLOWED_ITEM = new Set([
  'pending>preparing',
  'pending>cancelled',
  'preparing>ready',
  'preparing>cancelled',
  'ready>served',
]);

const pairs = <T extends string>(states: readonly T[]) =>
  states.flatMap((from) => states.map((to) => [from, to] as [T, T]));

describe('order state machine', () => {
  it.each(pairs<OrderStatus>(ORDER_STATUSES))('order %s → %s', (from, to) => {
    const allowed = ALLOWED_ORDER.has(`${from}>${to}`);
    expect(canChangeOrderStatus(from, to)).toBe(allowed);
    if (allowed) {
      expect(() => assertOrderTransition(from, to)).not.toThrow();
    } else {
      expect(() => assertOrderTransition(from, to)).toThrow(
        expect.objectContaining({
          code: 'ILLEGAL_TRANSITION',
          details: expect.objectContaining({ from, to }),
        }),
      );
    }
  });

  it.each(pairs<OrderItemStatus>(ORDER_ITEM_STATUSES))('item %s → %s', (from, to) => {
    const allowed = ALLOWED_ITEM.has(`${from}>${to}`);
    expect(canChangeItemStatus(from, to)).toBe(allowed);
    if (allowed) expect(() => assertItemTransition(from, to)).not.toThrow();
    else
      expect(() => assertItemTransition(from, to)).toThrow(
        expect.objectContaining({ code: 'ILLEGAL_TRANSITION' }),
      );
  });

  it('walks the whole happy path of the spec', () => {
    const path: OrderStatus[] = ['created', 'in_progress', 'ready', 'served', 'paid', 'closed'];
    for (let i = 1; i < path.length; i++)
      expect(canChangeOrderStatus(path[i - 1]!, path[i]!)).toBe(true);
  });

  it('has terminal states closed and cancelled', () => {
    for (const to of ORDER_STATUSES) {
      expect(canChangeOrderStatus('closed', to)).toBe(false);
      expect(canChangeOrderStatus('cancelled', to)).toBe(false);
    }
  });
});
