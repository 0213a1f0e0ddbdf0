import {
  ACTIVE_RESERVATION_STATUSES,
  assertReservationTransition,
  canChangeReservationStatus,
  marksArrival,
  RESERVATION_STATUSES,
  type ReservationStatus,
} from './reservation-state-machine';

/** The allowed changes, written out independently of the table in the state machine. */
const ALLOWED = new Set([
  'pending>confirmed',
  'pending>cancelled',
  'confirmed>arrived',
  'confirmed>seated',
  'confirmed>cancelled',
  'confirmed>no_show',
  'arrived>seated',
  'arrived>cancelled',
  'seated>completed',
]);

const pairs = RESERVATION_STATUSES.flatMap((from) =>
  RESERVATION_STATUSES.map((to) => [from, to] as [ReservationStatus, ReservationStatus]),
);

describe('reservation state machine', () => {
  it.each(pairs)('%s → %s', (from, to) => {
    const allowed = ALLOWED.has(`${from}>${to}`);
    expect(canChangeReservationStatus(from, to)).toBe(allowed);
    if (allowed) {
      expect(() => assertReservationTransition(from, to)).not.toThrow();
    } else {
      expect(() => assertReservationTransition(from, to)).toThrow(
        expect.objectContaining({
          code: 'ILLEGAL_TRANSITION',
          details: expect.objectContaining({ from, to }),
        }),
      );
    }
  });

  it('has terminal states completed, cancelled and no_show, which free the tables', () => {
    for (const terminal of ['completed', 'cancelled', 'no_show'] as const) {
      for (const to of RESERVATION_STATUSES)
        expect(canChangeReservationStatus(terminal, to)).toBe(false);
      expect(ACTIVE_RESERVATION_STATUSES).not.toContain(terminal);
    }
  });

  it('records an arrival on arriving, or on being seated without arriving first', () => {
    expect(marksArrival('confirmed', 'arrived')).toBe(true);
    expect(marksArrival('confirmed', 'seated')).toBe(true);
    expect(marksArrival('arrived', 'seated')).toBe(false);
    expect(marksArrival('seated', 'completed')).toBe(false);
  });
});
