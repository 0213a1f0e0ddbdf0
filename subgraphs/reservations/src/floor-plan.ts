import type { TenantSchemaCache } from '../../../platform/src/database/tenant-schema-cache';
import {
  OWN_ROWS,
  type Row,
  type SqlQuery,
  type TenantDatabase,
} from '../../../platform/src/tenancy/tenant-database';
import { DiningTable } from './entities/dining-table.entity';
import {
  FloorSettings,
  type DurationRule,
  type FloorSettingsFields,
} from './entities/floor-settings.entity';
import { LONGEST_BOOKING_MINUTES, MINUTE, PAST_TOLERANCE_MS } from './booking-input';
import { serviceIn, servicesAround } from './service-hours';
import { canSeat, type FloorTable } from './table-assignment';

/** A restaurant's tables and service, as one transaction read them. */
export interface Floor {
  tables: DiningTable[];
  settings: FloorSettingsFields | null;
}

const SLOT_MINUTES = 15;
/** How far around the asked time the nearest free times are searched. */
const SEARCH_MINUTES = 180;
const NEAREST_TIMES = 4;
/** Without a configured service: the day in Paris, open all day, two hours a table. */
export const DEFAULT_TIME_ZONE = 'Europe/Paris';
const DEFAULT_DURATIONS: DurationRule[] = [{ upTo: null, minutes: 120 }];

/**
 * What a search needs of an active hold: its reservation, its table and its time in milliseconds.
 * A search compares each hold with many windows, and comparing two `Date`s converts both to
 * numbers every time (a tenth of an availability query's CPU when they were compared as dates);
 * and the holds of a busy evening made into `TableHold` entities took more CPU than the search
 * itself (see `holdsQuery`).
 */
export interface HeldSpan {
  reservationId: string;
  tableCode: string;
  start: number;
  end: number;
}

/** The floor's statements: its tables, then its service (`floorOf` reads their answers). */
const FLOOR_READS: readonly SqlQuery[] = [
  { sql: `select * from reservations.dining_tables where ${OWN_ROWS}` },
  { sql: `select * from reservations.floor_settings where ${OWN_ROWS}` },
];

function floorOf(db: TenantDatabase, [tables, settings]: Row[][]): Floor {
  return {
    tables: db.entities(DiningTable, tables!),
    settings: db.entities(FloorSettings, settings!)[0] ?? null,
  };
}

/**
 * The floor for a read that changes nothing (availability): one round trip, and entities the
 * unit of work does not manage (hydrating the floor's tables through it took more CPU than the
 * whole availability search).
 */
export async function readFloor(db: TenantDatabase): Promise<Floor> {
  return floorOf(db, await db.read(FLOOR_READS));
}

/** The tables the floor is read from (`FLOOR_READS`). */
export const FLOOR_TABLES: readonly string[] = ['dining_tables', 'floor_settings'];

/**
 * The floor each process keeps per tenant for the reads that change nothing (availability, the
 * tables, a day's reservations), until a change to its tables or its service is notified or
 * made here (a `TenantSchemaCache` of `FLOOR_TABLES`): the bookings of a busy evening leave it
 * kept. A booking reads the floor afresh, in its transaction.
 */
export type KeptFloors = TenantSchemaCache<Floor>;

/** The floor as this process keeps it (`floors`), or read now when it keeps none. */
export function keptFloor(db: TenantDatabase, floors: KeptFloors | undefined): Promise<Floor> {
  return floors ? floors.get(db.tenant, () => readFloor(db)) : readFloor(db);
}

export function durationsOf(floor: Floor): DurationRule[] {
  return floor.settings?.durations ?? DEFAULT_DURATIONS;
}

/** Whether the floor takes guests, for instants from `from` to `to` (its services, read once). */
function openingsBetween(floor: Floor, from: Date, to: Date): (at: Date) => boolean {
  if (!floor.settings) return () => true;
  const services = servicesAround(from, to, floor.settings.openingHours, floor.settings.timeZone);
  return (at) => serviceIn(services, at) !== null;
}

export function isOpen(floor: Floor, at: Date): boolean {
  return openingsBetween(floor, at, at)(at);
}

/** The slot a search for the nearest times around `start` goes out from. */
const searchOrigin = (start: Date) =>
  Math.round(start.getTime() / (SLOT_MINUTES * MINUTE)) * SLOT_MINUTES * MINUTE;

/**
 * Whether the floor takes guests, for `start` and every instant that a search for the nearest
 * times around it looks at (`nearestTimes`): their services worked out once, for both.
 */
export function openingsAround(floor: Floor, start: Date): (at: Date) => boolean {
  const origin = searchOrigin(start);
  const search = SEARCH_MINUTES * MINUTE;
  const from = Math.min(origin - search, start.getTime());
  const to = Math.max(origin + search, start.getTime());
  return openingsBetween(floor, new Date(from), new Date(to));
}

/** The window, widened to where the nearest times are looked for. */
function searchWindow(start: Date, end: Date): { from: Date; to: Date } {
  const margin = (SEARCH_MINUTES + SLOT_MINUTES) * MINUTE;
  return { from: new Date(start.getTime() - margin), to: new Date(end.getTime() + margin) };
}

/**
 * The active holds that overlap the window from `start` to `end`, widened as `searchWindow`, as
 * `HeldSpan`s (`spansOf` their rows): only the columns a search compares, the times as
 * milliseconds since the epoch (a `float8`, which the driver reads as a number, where a timestamp
 * is parsed into a `Date`).
 */
function holdsQuery(start: Date, end: Date): SqlQuery {
  const { from, to } = searchWindow(start, end);
  return {
    sql: `select reservation_id, table_code,
                 (extract(epoch from start_time) * 1000)::float8 as start_ms,
                 (extract(epoch from end_time) * 1000)::float8 as end_ms
            from reservations.table_holds
           where ${OWN_ROWS} and active and start_time < ? and end_time > ?`,
    params: [to, from],
  };
}

/** The rows of `holdsQuery` as the spans a search compares. */
const spansOf = (rows: readonly Row[]): HeldSpan[] =>
  rows.map((row) => ({
    reservationId: row.reservation_id as string,
    tableCode: row.table_code as string,
    start: row.start_ms as number,
    end: row.end_ms as number,
  }));

/**
 * What a booking (or an availability query) read in one message: the floor, and the holds around
 * its time.
 */
export interface BookingFloor {
  floor: Floor;
  /**
   * The active holds that overlap `start` to `end`, widened to where the nearest times are looked
   * for (`searchWindow`).
   */
  holdsAround(start: Date, end: Date): HeldSpan[];
}

/**
 * What a booking from `start` reads before it chooses its tables, in the first message of its
 * change (`reads`, answered in that order): the floor, and the active holds around every window
 * the booking may take — its duration when given, else the longest a floor's rule may give (the
 * rule is only known from the floor). `floor` makes a `BookingFloor` of the answers.
 */
export function bookingReads(
  start: Date,
  durationMinutes: number | null,
): {
  reads: SqlQuery[];
  floor(db: TenantDatabase, rows: Row[][]): BookingFloor;
  /** The holds' statement alone, and the `BookingFloor` of its rows on a floor already read. */
  holds: SqlQuery;
  onFloor(floor: Floor, holdRows: Row[]): BookingFloor;
} {
  const longest = new Date(start.getTime() + (durationMinutes ?? LONGEST_BOOKING_MINUTES) * MINUTE);
  const read = searchWindow(start, longest);
  const holds = holdsQuery(start, longest);
  const onFloor = (floor: Floor, holdRows: Row[]): BookingFloor => ({
    floor,
    holdsAround: holdsAroundWithin(spansOf(holdRows), read),
  });
  return {
    reads: [...FLOOR_READS, holds],
    floor: (db, [tables, settings, holdRows]) =>
      onFloor(floorOf(db, [tables!, settings!]), holdRows!),
    holds,
    onFloor,
  };
}

/**
 * What an availability query from `start` reads, in one message: the holds around it, with the
 * floor's statements when this process keeps no floor of the tenant (`floors`) or it changed.
 */
export async function availabilityReads(
  db: TenantDatabase,
  floors: KeptFloors | undefined,
  start: Date,
  durationMinutes: number | null,
): Promise<BookingFloor> {
  const around = bookingReads(start, durationMinutes);
  if (!floors) return around.floor(db, await db.read(around.reads));
  const { value: floor, along: holdRows } = await floors.getAlong(db.tenant, async () => {
    const [tables, settings, holds] = await db.read(around.reads);
    return { value: floorOf(db, [tables!, settings!]), along: holds! };
  });
  return around.onFloor(floor, holdRows ?? (await db.read([around.holds]))[0]!);
}

/**
 * `BookingFloor.holdsAround` over `holds`, the active holds read around the window `read`: the
 * ones overlapping a window inside it, widened as `searchWindow`; asking past it throws.
 */
export function holdsAroundWithin(
  holds: readonly HeldSpan[],
  read: { from: Date; to: Date },
): BookingFloor['holdsAround'] {
  return (start, end) => {
    const { from, to } = searchWindow(start, end);
    if (from < read.from || to > read.to) {
      throw new Error('a booking looked at holds beyond those it read');
    }
    const [fromMs, toMs] = [from.getTime(), to.getTime()];
    return holds.filter((hold) => hold.start < toMs && hold.end > fromMs);
  };
}

export function freeTables<T extends FloorTable>(
  tables: readonly T[],
  holds: readonly HeldSpan[],
  start: Date,
  end: Date,
): T[] {
  return freeOver(tables, holds, start.getTime(), end.getTime());
}

/** The tables no span holds between `start` and `end` (milliseconds). */
function freeOver<T extends FloorTable>(
  tables: readonly T[],
  spans: readonly HeldSpan[],
  start: number,
  end: number,
): T[] {
  const busy = new Set<string>();
  for (const span of spans) {
    if (span.start < end && span.end > start) busy.add(span.tableCode);
  }
  return tables.filter((table) => !busy.has(table.code));
}

/**
 * Up to four start times near the asked one (every 15 minutes, three hours either way, within
 * opening hours — `isOpenAt`, the floor's `openingsAround` the asked time — not past) when
 * something seats the party for the whole duration.
 */
export function nearestTimes(
  isOpenAt: (at: Date) => boolean,
  tables: readonly DiningTable[],
  holds: readonly HeldSpan[],
  partySize: number,
  start: Date,
  minutes: number,
  now: Date,
): Date[] {
  const slot = SLOT_MINUTES * MINUTE;
  const origin = searchOrigin(start);
  const notBefore = now.getTime() - PAST_TOLERANCE_MS;
  const candidates: Date[] = [];
  for (let step = 1; step <= SEARCH_MINUTES / SLOT_MINUTES; step++) {
    for (const sign of [-1, 1]) {
      const at = new Date(origin + sign * step * slot);
      if (at.getTime() < notBefore || !isOpenAt(at)) continue;
      const free = freeOver(tables, holds, at.getTime(), at.getTime() + minutes * MINUTE);
      // One asked table is the staff's choice: free and big enough will do.
      const fits =
        tables.length === 1
          ? free.length === 1 && free[0]!.capacity >= partySize
          : canSeat(partySize, free);
      if (fits) candidates.push(at);
    }
    if (candidates.length >= NEAREST_TIMES) break;
  }
  return candidates.slice(0, NEAREST_TIMES).sort((a, b) => a.getTime() - b.getTime());
}
