import {
  bestSeating,
  canSeat,
  joinablePairs,
  seatingsFor,
  type FloorTable,
} from './table-assignment';

const table = (code: string, capacity: number, joinableWith: string[] = [], minPartySize = 1) =>
  ({ code, capacity, minPartySize, zone: 'salle', joinableWith }) satisfies FloorTable;

const FLOOR = [
  table('1', 2, ['2']),
  table('2', 2, ['1']),
  table('3', 4),
  table('10', 4, ['11']),
  table('11', 4, ['10']),
  table('20', 8, [], 5),
];

describe('table assignment', () => {
  it('chooses the smallest table that seats the party', () => {
    expect(bestSeating(2, FLOOR)?.tables.map((t) => t.code)).toEqual(['1']);
    expect(bestSeating(3, FLOOR)?.tables.map((t) => t.code)).toEqual(['3']);
  });

  it('respects a table’s minimum party', () => {
    expect(seatingsFor(4, FLOOR).flatMap((s) => s.tables.map((t) => t.code))).not.toContain('20');
    expect(bestSeating(6, FLOOR)?.tables.map((t) => t.code)).toEqual(['20']);
  });

  it('joins two joinable tables when no single table is free and big enough', () => {
    expect(bestSeating(4, [table('1', 2, ['2']), table('2', 2, ['1'])])?.tables).toHaveLength(2);
    expect(
      bestSeating(
        7,
        FLOOR.filter((t) => t.code !== '20'),
      )?.tables.map((t) => t.code),
    ).toEqual(['10', '11']);
  });

  it('prefers one table to a joined pair of the same size', () => {
    expect(bestSeating(4, FLOOR)?.tables.map((t) => t.code)).toEqual(['3']);
  });

  it('joins only tables that list each other', () => {
    expect(joinablePairs([table('1', 2, ['2']), table('2', 2)])).toEqual([]);
    expect(joinablePairs(FLOOR).map(([a, b]) => `${a.code}+${b.code}`)).toEqual(['1+2', '10+11']);
  });

  it('finds nothing for a party no table or pair can seat', () => {
    expect(bestSeating(12, FLOOR)).toBeNull();
  });

  it('tells whether anything seats the party exactly when a best fit exists', () => {
    // Every subset of a floor with pairs, a one-sided join, a table joinable with itself, a
    // minimum party and two codes the collator orders as equal, for parties of 1 to 12.
    const floor = [
      ...FLOOR,
      table('4', 3, ['5']), // lists 5, which does not list it back
      table('5', 3),
      table('6', 6, ['6']),
      table('07', 2, ['7']),
      table('7', 2, ['07']),
    ];
    let agreed = 0;
    for (let subset = 0; subset < 2 ** floor.length; subset++) {
      const free = floor.filter((_, index) => subset & (1 << index));
      for (let party = 1; party <= 12; party++) {
        expect([party, free.map((t) => t.code), canSeat(party, free)]).toEqual([
          party,
          free.map((t) => t.code),
          bestSeating(party, free) !== null,
        ]);
        agreed++;
      }
    }
    expect(agreed).toBe(2 ** 11 * 12);
    expect(canSeat(4, [table('07', 2, ['7']), table('7', 2, ['07'])])).toBe(false);
    expect(canSeat(4, [table('1', 2, ['2']), table('2', 2, ['1'])])).toBe(true);
  });
});
