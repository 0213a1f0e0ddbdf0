import { LONGEST_BOOKING_MINUTES, MINUTE } from './booking-input';
import { bookingReads, holdsAroundWithin, type HeldSpan } from './floor-plan';

const start = new Date('2026-12-11T19:00:00Z');
const at = (minutes: number) => new Date(start.getTime() + minutes * MINUTE);
/** The margin around a window where the nearest free times are looked for: 3 h and a slot. */
const MARGIN = 195;

const hold = (table: string, from: number, to: number): HeldSpan => ({
  tableCode: table,
  reservationId: `res_${table}`,
  start: at(from).getTime(),
  end: at(to).getTime(),
});

describe('a booking’s reads', () => {
  it('reads the holds around the longest a booking may last when the floor decides its length', () => {
    const [, , holds] = bookingReads(start, null).reads;
    expect(holds!.sql.replace(/\s+/g, ' ')).toMatch(
      /from reservations\.table_holds where .* and active and start_time < \? and end_time > \?$/,
    );
    expect(holds!.params).toEqual([at(LONGEST_BOOKING_MINUTES + MARGIN), at(-MARGIN)]);
  });

  it('reads the holds around its own duration when it has one', () => {
    const [, , holds] = bookingReads(start, 90).reads;
    expect(holds!.params).toEqual([at(90 + MARGIN), at(-MARGIN)]);
  });
});

describe('the holds around a booking, from those read', () => {
  const read = { from: at(-MARGIN), to: at(LONGEST_BOOKING_MINUTES + MARGIN) };
  const holds = [
    hold('1', -400, -MARGIN), // ends where the search starts: not around
    hold('2', -300, -100), // overlaps the search's start
    hold('3', 0, 120),
    hold('4', 120 + MARGIN - 1, 600), // starts just inside the search's end
    hold('5', 120 + MARGIN, 700), // starts where it ends: not around
  ];

  it('are those that overlap its window widened by the search margin, as the query reads them', () => {
    const around = holdsAroundWithin(holds, read)(start, at(120));
    expect(around.map((h) => h.tableCode)).toEqual(['2', '3', '4']);
  });

  it('refuses a window past what was read rather than answer short', () => {
    const around = holdsAroundWithin(holds, read);
    expect(() => around(start, at(LONGEST_BOOKING_MINUTES + 1))).toThrow(/beyond those it read/);
    expect(() => around(at(-1), at(60))).toThrow(/beyond those it read/);
    expect(around(start, at(LONGEST_BOOKING_MINUTES))).toHaveLength(4);
  });
});
