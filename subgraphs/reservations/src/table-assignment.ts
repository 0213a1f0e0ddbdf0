/** What assignment needs to know of a table. */
export interface FloorTable {
  code: string;
  capacity: number;
  minPartySize: number;
  zone: string;
  joinableWith: readonly string[];
}

/** One table, or two joinable tables pushed together. */
export interface Seating {
  tables: FloorTable[];
  capacity: number;
}

/** Table numbers in numeric order (`2` before `10`); one collator, not one per comparison. */
const codes = new Intl.Collator('en', { numeric: true });
const byCode = (a: FloorTable, b: FloorTable) => codes.compare(a.code, b.code);

/** Pairs of tables that each list the other as joinable, each pair once, in numeric order. */
export function joinablePairs(tables: readonly FloorTable[]): [FloorTable, FloorTable][] {
  return pairsWhere([...tables].sort(byCode), () => true);
}

/**
 * The pairs of `tables` that each list the other as joinable and that `fit`, each pair once, the
 * lower number first, in the order of `tables`; at most `max` of them. `fit` is asked before the
 * numbers are compared (through the collator, the costlier check), so it must not depend on the
 * pair's order.
 */
function pairsWhere(
  tables: readonly FloorTable[],
  fit: (a: FloorTable, b: FloorTable) => boolean,
  max = Infinity,
): [FloorTable, FloorTable][] {
  const known = new Map(tables.map((table) => [table.code, table]));
  const pairs: [FloorTable, FloorTable][] = [];
  for (const table of tables) {
    for (const code of table.joinableWith) {
      const other = known.get(code);
      if (
        other &&
        other.joinableWith.includes(table.code) &&
        fit(table, other) &&
        byCode(table, other) < 0
      ) {
        if (pairs.push([table, other]) >= max) return pairs;
      }
    }
  }
  return pairs;
}

/** Whether a table seats the party alone: big enough, and the party at least its minimum. */
const seatsAlone = (table: FloorTable, partySize: number) =>
  table.capacity >= partySize && table.minPartySize <= partySize;

/** Whether two joinable tables pushed together seat a party that one of them alone cannot. */
const seatsJoined = (a: FloorTable, b: FloorTable, partySize: number) =>
  a.capacity + b.capacity >= partySize && partySize > Math.min(a.capacity, b.capacity);

/**
 * Every way the free tables can seat the party, best first: the fewest empty seats, then one
 * table before two joined, then the lower table numbers. A single table must accept a party of
 * this size (its minimum party); a joined pair seats any party that one of them alone cannot.
 */
export function seatingsFor(partySize: number, free: readonly FloorTable[]): Seating[] {
  const singles: Seating[] = free
    .filter((table) => seatsAlone(table, partySize))
    .map((table) => ({ tables: [table], capacity: table.capacity }));
  const joined: Seating[] = joinablePairs(free)
    .filter(([a, b]) => seatsJoined(a, b, partySize))
    .map(([a, b]) => ({ tables: [a, b], capacity: a.capacity + b.capacity }));
  return [...singles, ...joined].sort(
    (a, b) =>
      a.capacity - b.capacity ||
      a.tables.length - b.tables.length ||
      byCode(a.tables[0]!, b.tables[0]!) ||
      byCode(a.tables.at(-1)!, b.tables.at(-1)!),
  );
}

/**
 * Whether anything among the free tables seats the party (`bestSeating` is not `null`), without
 * listing and ordering every way it could: a search for the nearest free times asks this of two
 * dozen windows per query, and ordering the seatings (table numbers compared by a collator) took
 * half of that search's CPU.
 */
export function canSeat(partySize: number, free: readonly FloorTable[]): boolean {
  return (
    free.some((table) => seatsAlone(table, partySize)) ||
    pairsWhere(free, (a, b) => seatsJoined(a, b, partySize), 1).length > 0
  );
}

/** The best fit for the party among the free tables, or `null` when nothing seats it. */
export function bestSeating(partySize: number, free: readonly FloorTable[]): Seating | null {
  return seatingsFor(partySize, free)[0] ?? null;
}
