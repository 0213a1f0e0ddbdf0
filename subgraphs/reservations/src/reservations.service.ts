import {
  DomainError,
  NotFoundError,
  assertExpectedVersion,
  ValidationFailed,
} from '../../../platform/src/errors';
import {
  columnValues,
  insertStatement,
  updateStatement,
} from '../../../platform/src/database/entity-statements';
import {
  eventStatement,
  type EventType,
  type NewEvent,
} from '../../../platform/src/events/event-log';
import { formatInstant } from '../../../platform/src/graphql/scalars';
import type { Tenant } from '../../../platform/src/tenancy/tenant';
import {
  OWN_ROWS,
  lockedRowQuery,
  type Decision,
  type SqlQuery,
  type TenantDatabase,
} from '../../../platform/src/tenancy/tenant-database';
import { TenantWhere } from '../../../platform/src/tenancy/tenant-where';
import { DiningTable, type DiningTableFields } from './entities/dining-table.entity';
import { FloorSettings, type FloorSettingsFields } from './entities/floor-settings.entity';
import {
  Reservation,
  RESERVATION_SOURCES,
  type ReservationSource,
} from './entities/reservation.entity';
import { TableHold } from './entities/table-hold.entity';
import {
  ACTIVE_RESERVATION_STATUSES,
  assertReservationTransition,
  EDITABLE_RESERVATION_STATUSES,
  isActiveReservation,
  marksArrival,
  type ReservationStatus,
} from './reservation-state-machine';
import { reservationSnapshot } from './reservation-snapshot';
import {
  invalid,
  isDate,
  isReservationId,
  isStorableText,
  MINUTE,
  validateBooking,
  validatePartyAndTime,
  type Booking,
  type BookingInput,
} from './booking-input';
import {
  DEFAULT_TIME_ZONE,
  durationsOf,
  freeTables,
  bookingReads,
  isOpen,
  nearestTimes,
  openingsAround,
  availabilityReads,
  keptFloor,
  type BookingFloor,
  type HeldSpan,
  type KeptFloors,
  type Floor,
} from './floor-plan';
import { decodeCursor, encodeCursor } from './reservation-cursor';
import { defaultDuration, instantOf } from './service-hours';
import { bestSeating, seatingsFor, type FloorTable } from './table-assignment';

export type { BookingInput };

export interface NewReservationInput extends BookingInput {
  source?: ReservationSource | null;
  externalId?: string | null;
  status?: ReservationStatus | null;
}

export interface Availability {
  startTime: Date;
  endTime: Date;
  partySize: number;
  durationMinutes: number;
  tables: FloorTable[];
  combinations: FloorTable[][];
  bestFit: FloorTable[] | null;
  nearestTimes: Date[];
}

export interface ReservationPage {
  reservations: Reservation[];
  hasNextPage: boolean;
  endCursor: string | null;
}

export interface CreateOutcome {
  reservation: Reservation;
  /** False when a channel re-sent a booking it had sent before. */
  created: boolean;
}

/** An order as the orders subgraph hands it over for `Order.reservation` (`@requires`). */
export interface OrderAtTable {
  id: string;
  tableId?: string | null;
  createdAt?: string | Date | null;
}

export interface ReservationFilter {
  date?: string | null;
  statuses?: readonly ReservationStatus[] | null;
  first?: number | null;
  after?: string | null;
}

/** How many times a booking without a table looks again after losing a race for one. */
const MAX_ASSIGNMENT_ATTEMPTS = 20;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** An order opened this long before a reservation's start still belongs to it (early guests). */
const EARLY_ORDER_MS = 30 * 60_000;

const pgCode = (error: unknown) => (error as { code?: unknown } | null)?.code;
/** SQLSTATE 23P01: the exclusion constraint refused overlapping holds of one table. */
const isDoubleBooking = (error: unknown) => pgCode(error) === '23P01';
const isDuplicateChannelBooking = (error: unknown) =>
  pgCode(error) === '23505' &&
  (error as { constraint?: unknown }).constraint === 'reservations_channel_unique';

/** A reservation's event, carrying the reservation as it is now. */
function reservationEvent(type: EventType, reservation: Reservation): NewEvent {
  return {
    type,
    tenant: reservation.tenant(),
    aggregate: { type: 'reservation', id: reservation.id },
    payload: { reservation: reservationSnapshot(reservation) },
  };
}

/**
 * The reservation use cases of one tenant. Tables are assigned from what the database shows
 * free; PostgreSQL's exclusion constraint has the last word, so of two requests racing for a
 * table exactly one commits and the other is answered TABLE_UNAVAILABLE with the nearest free
 * times (or, choosing the table itself, tries the next best fit).
 */
export class ReservationsService {
  private readonly now: () => Date;
  private readonly floors?: KeptFloors;

  /** `floors`: the floors this process keeps for reads (none: each read reads it). */
  constructor(
    private readonly db: TenantDatabase,
    private readonly tenant: Tenant,
    options: { now?: () => Date; floors?: KeptFloors } = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.floors = options.floors;
  }

  async find(id: string): Promise<Reservation | null> {
    return (await this.findMany([id]))[0]!;
  }

  /** The booking a channel sent under its own id, if it sent it. */
  async findByChannel(source: ReservationSource, externalId: string): Promise<Reservation | null> {
    const [found] = await this.db.readEntities(Reservation, {
      sql: `select * from reservations.reservations
             where ${OWN_ROWS} and source = ? and external_id = ?`,
      params: [source, externalId],
    });
    return found ?? null;
  }

  /** One query for many ids, in the order asked; `null` where the id is unknown here. */
  async findMany(ids: readonly string[]): Promise<(Reservation | null)[]> {
    const known = [...new Set(ids.filter(isReservationId))];
    const found = known.length
      ? await this.db.readEntities(Reservation, {
          sql: `select * from reservations.reservations where ${OWN_ROWS} and id in (?)`,
          params: [known],
        })
      : [];
    const byId = new Map(found.map((reservation) => [reservation.id, reservation]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  async tables(): Promise<DiningTable[]> {
    return (await keptFloor(this.db, this.floors)).tables;
  }

  /** The tables of the floor (as the process keeps it) by code, for `Reservation.table(s)`. */
  async tablesByCode(codes: readonly string[]): Promise<(DiningTable | null)[]> {
    if (!codes.length) return [];
    const { tables } = await keptFloor(this.db, this.floors);
    const byCode = new Map(tables.map((table) => [table.code, table]));
    return codes.map((code) => byCode.get(code) ?? null);
  }

  async list(filter: ReservationFilter): Promise<ReservationPage> {
    const first = filter.first ?? 50;
    if (!Number.isInteger(first) || first < 1 || first > 100) {
      throw new ValidationFailed('INVALID_FIELD', 'Page size must be 1 to 100', [
        { field: 'limit', message: 'must be a whole number from 1 to 100' },
      ]);
    }
    const cursor = filter.after != null ? decodeCursor(filter.after) : null;
    if (filter.date != null && !isDate(filter.date)) {
      throw new ValidationFailed('INVALID_FIELD', 'Invalid date', [
        { field: 'date', message: 'must be a day such as 2026-11-27' },
      ]);
    }
    const where = new TenantWhere();
    if (filter.statuses?.length) where.and('status in (?)', [...filter.statuses]);
    if (filter.date != null) {
      const { settings } = await keptFloor(this.db, this.floors);
      const timeZone = settings?.timeZone ?? DEFAULT_TIME_ZONE;
      where.and(
        'start_time >= ? and start_time < ?',
        instantOf(filter.date, 0, timeZone),
        instantOf(filter.date, 24 * 60, timeZone),
      );
    } else if (!filter.statuses?.length) {
      where.and('status in (?) and end_time > ?', [...ACTIVE_RESERVATION_STATUSES], this.now());
    }
    if (cursor) where.and('(start_time, id) > (?, ?)', cursor.startTime, cursor.id);
    const rows = await this.db.readEntities(Reservation, {
      sql: `select * from reservations.reservations where ${where}
             order by start_time, id limit ?`,
      params: [...where.params, first + 1],
    });
    const reservations = rows.slice(0, first);
    const last = reservations.at(-1);
    return {
      reservations,
      hasNextPage: rows.length > first,
      endCursor: last ? encodeCursor(last) : null,
    };
  }

  async availability(query: {
    startTime: Date;
    partySize: number;
    durationMinutes?: number | null;
  }): Promise<Availability> {
    validatePartyAndTime(query.partySize, query.startTime, query.durationMinutes, this.now());
    const start = query.startTime;
    // The holds around the query, and the floor as this process keeps it, in one message.
    const { floor, holdsAround } = await availabilityReads(
      this.db,
      this.floors,
      start,
      query.durationMinutes ?? null,
    );
    const minutes = query.durationMinutes ?? defaultDuration(query.partySize, durationsOf(floor));
    const end = new Date(start.getTime() + minutes * MINUTE);
    const isOpenAt = openingsAround(floor, start);
    const holds = holdsAround(start, end);
    const free = isOpenAt(start) ? freeTables(floor.tables, holds, start, end) : [];
    const seatings = seatingsFor(query.partySize, free);
    return {
      startTime: start,
      endTime: end,
      partySize: query.partySize,
      durationMinutes: minutes,
      tables: seatings.filter((s) => s.tables.length === 1).map((s) => s.tables[0]!),
      combinations: seatings.filter((s) => s.tables.length > 1).map((s) => s.tables),
      bestFit: seatings[0]?.tables ?? null,
      nearestTimes: seatings.length
        ? []
        : nearestTimes(isOpenAt, floor.tables, holds, query.partySize, start, minutes, this.now()),
    };
  }

  /**
   * Books a table. A booking that its channel sent before (same `source` and `externalId`)
   * is updated instead: re-sending is safe.
   */
  async create(input: NewReservationInput): Promise<CreateOutcome> {
    const booking = validateBooking(input, this.now());
    const source = input.source ?? 'phone';
    if (!RESERVATION_SOURCES.includes(source)) {
      throw invalid('source', `must be one of ${RESERVATION_SOURCES.join(', ')}`);
    }
    const externalId = input.externalId?.trim() || null;
    if (externalId && !isStorableText(externalId)) {
      throw invalid('external_id', 'contains a NUL character or a lone surrogate');
    }
    if (externalId && externalId.length > 200) {
      throw invalid('external_id', 'must be 200 characters at most');
    }
    const status = input.status ?? 'confirmed';
    if (status !== 'pending' && status !== 'confirmed') {
      throw invalid('status', 'a new reservation is pending or confirmed');
    }
    const channelBooking = externalId && {
      sql: `select * from reservations.reservations
             where ${OWN_ROWS} and source = ? and external_id = ? for update`,
      params: [source, externalId],
    };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.book<CreateOutcome>(
          channelBooking || null,
          booking,
          (sent, { floor, holdsAround }) => {
            if (sent) {
              const statements = this.rebooking(sent, booking, floor, holdsAround, true);
              return { statements, answer: { reservation: sent, created: false } };
            }
            const tables = this.seat(floor, holdsAround, booking, null);
            const reservation = new Reservation(this.tenant, booking.details, {
              source,
              externalId,
              status,
            });
            reservation.tableIds = tables.map((table) => table.code);
            const { mapping } = this.db;
            return {
              statements: [
                insertStatement(mapping, reservation),
                ...tables.map((table) =>
                  insertStatement(mapping, new TableHold(reservation, table.code)),
                ),
                eventStatement(reservationEvent('reservation.created', reservation)),
              ],
              answer: { reservation, created: true },
            };
          },
        );
      } catch (error) {
        // Another booking took the table, or the same channel booking, since we looked.
        if (isDuplicateChannelBooking(error) && attempt < 3) continue;
        if (isDoubleBooking(error)) {
          // Every round of a race commits at least one booking: look again for the next best fit.
          if (!booking.tableId && attempt < MAX_ASSIGNMENT_ATTEMPTS) {
            await pause(Math.random() * 5 * attempt);
            continue;
          }
          throw await this.unavailable(booking, null);
        }
        throw error;
      }
    }
  }

  /** Changes guest, party, time or table; the tables are re-assigned when they must be. */
  async update(
    id: string,
    input: BookingInput,
    expectedVersion?: number | null,
  ): Promise<Reservation> {
    const booking = validateBooking(input, this.now());
    if (!isReservationId(id)) throw new NotFoundError('RESERVATION_NOT_FOUND', 'Reservation', id);
    try {
      return await this.book(
        lockedRowQuery('reservations.reservations', id),
        booking,
        (reservation, { floor, holdsAround }) => {
          if (!reservation) throw new NotFoundError('RESERVATION_NOT_FOUND', 'Reservation', id);
          assertExpectedVersion(expectedVersion, reservation.version);
          const statements = this.rebooking(reservation, booking, floor, holdsAround, false);
          return { statements, answer: reservation };
        },
      );
    } catch (error) {
      if (isDoubleBooking(error)) throw await this.unavailable(booking, id);
      throw error;
    }
  }

  /**
   * The frame of a booking (a new one, a channel's re-send, a `PUT`), in two round trips
   * (`TenantDatabase.lockThenWrite`): the reservation it changes locked and read (`target`,
   * when there is one), with the floor and the holds around the booking's time
   * (`bookingReads`); then `decide`'s writes and the commit. Two bookings racing for a table
   * are settled by the holds' exclusion constraint, at the second message (SQLSTATE 23P01).
   */
  private book<T>(
    target: SqlQuery | null,
    booking: Booking,
    decide: (reservation: Reservation | null, read: BookingFloor) => Decision<T>,
  ): Promise<T> {
    const around = bookingReads(booking.details.startTime, booking.durationMinutes);
    const reads = target ? [target, ...around.reads] : around.reads;
    return this.db.lockThenWrite(reads, (rows) => {
      const [reservation] = target ? this.db.entities(Reservation, rows[0]!) : [];
      return decide(reservation ?? null, around.floor(this.db, target ? rows.slice(1) : rows));
    });
  }

  /**
   * Moves a reservation along (a host seating a party, then clearing the table), in two round
   * trips (`TenantDatabase.lockThenWrite`): the reservation locked and read; then its new status,
   * its tables freed when it stops being active, the arrival's event, and the commit.
   */
  async changeStatus(
    id: string,
    to: ReservationStatus,
    expectedVersion?: number | null,
  ): Promise<Reservation> {
    if (!isReservationId(id)) throw new NotFoundError('RESERVATION_NOT_FOUND', 'Reservation', id);
    const { mapping } = this.db;
    return this.db.lockThenWrite([lockedRowQuery('reservations.reservations', id)], ([rows]) => {
      const [reservation] = this.db.entities(Reservation, rows!);
      if (!reservation) throw new NotFoundError('RESERVATION_NOT_FOUND', 'Reservation', id);
      assertExpectedVersion(expectedVersion, reservation.version);
      const before = columnValues(mapping, reservation);
      const from = reservation.status;
      assertReservationTransition(from, to);
      reservation.status = to;
      reservation.touch(this.now());
      const statements = [
        updateStatement(mapping, reservation, before),
        isActiveReservation(to)
          ? null
          : {
              sql: `update reservations.table_holds set active = false
                       where ${OWN_ROWS} and reservation_id = ?`,
              params: [reservation.id],
            },
        marksArrival(from, to)
          ? eventStatement(reservationEvent('reservation.arrived', reservation))
          : null,
      ];
      return { statements, answer: reservation };
    });
  }

  /** For each order, the reservation whose table it was opened at, during its time. */
  async forOrders(orders: readonly OrderAtTable[]): Promise<(Reservation | null)[]> {
    const placed = orders.map((order) => ({
      tableId: order.tableId ?? null,
      at: order.createdAt ? new Date(order.createdAt) : null,
    }));
    const codes = [
      ...new Set(
        placed.flatMap((o) => (o.tableId && isStorableText(o.tableId) ? [o.tableId] : [])),
      ),
    ];
    const times = placed.flatMap((o) => (o.at && !Number.isNaN(o.at.getTime()) ? [o.at] : []));
    if (!codes.length || !times.length) return orders.map(() => null);
    const earliest = Math.min(...times.map((time) => time.getTime()));
    const latest = Math.max(...times.map((time) => time.getTime()));
    // The holds of those tables around those times, and their reservations still standing, in
    // one message (the reservations picked by the same holds, as a subquery).
    const holdsAtTables = `select * from reservations.table_holds
       where ${OWN_ROWS} and table_code in (?) and start_time <= ? and end_time > ?`;
    const params = [codes, new Date(latest + EARLY_ORDER_MS), new Date(earliest)];
    const [holdRows, reservationRows] = await this.db.read([
      { sql: holdsAtTables, params },
      {
        sql: `select * from reservations.reservations
               where ${OWN_ROWS} and status not in ('cancelled', 'no_show')
                 and id in (select reservation_id from (${holdsAtTables}) holds)`,
        params,
      },
    ]);
    const holds = this.db.entities(TableHold, holdRows!);
    const byId = new Map(
      this.db.entities(Reservation, reservationRows!).map((r) => [r.id, r] as const),
    );
    return placed.map(({ tableId, at }) => {
      if (!tableId || !at || Number.isNaN(at.getTime())) return null;
      const matches = holds
        .filter(
          (hold) =>
            hold.tableCode === tableId &&
            byId.has(hold.reservationId) &&
            hold.startTime.getTime() - EARLY_ORDER_MS <= at.getTime() &&
            at < hold.endTime,
        )
        .sort((a, b) => b.startTime.getTime() - a.startTime.getTime());
      return matches[0] ? byId.get(matches[0].reservationId)! : null;
    });
  }

  /** Gives the tenant the floor and service it lacks; existing tables are left as they are. */
  async addMissingFloor(tables: readonly DiningTableFields[], service: FloorSettingsFields) {
    const added = await this.db.transaction(async (em) => {
      const existing = new Set((await em.find(DiningTable, {})).map((table) => table.code));
      const missing = tables.filter((table) => !existing.has(table.code));
      for (const fields of missing) em.persist(new DiningTable(this.tenant, fields));
      if (!(await em.findOne(FloorSettings, {})))
        em.persist(new FloorSettings(this.tenant, service));
      await em.flush();
      return missing.length;
    });
    await this.floors?.changed(this.tenant);
    return added;
  }

  /**
   * Chooses the tables for a booking (and fixes its end): the asked table if it is free and
   * big enough, else the best fit among the free ones. `keep` are the tables the reservation
   * holds now, kept when they still do.
   */
  private seat(
    floor: Floor,
    holdsAround: BookingFloor['holdsAround'],
    booking: Booking,
    current: Reservation | null,
  ): FloorTable[] {
    const { details } = booking;
    const minutes =
      booking.durationMinutes ?? defaultDuration(details.partySize, durationsOf(floor));
    details.endTime = new Date(details.startTime.getTime() + minutes * MINUTE);
    if (!isOpen(floor, details.startTime)) {
      throw new DomainError(
        'OUTSIDE_OPENING_HOURS',
        `The restaurant takes no reservation at ${formatInstant(details.startTime)}`,
        {
          start_time: formatInstant(details.startTime),
          opening_hours: floor.settings?.openingHours,
        },
      );
    }
    const holds = holdsAround(details.startTime, details.endTime).filter(
      (hold) => hold.reservationId !== current?.id,
    );
    const free = freeTables(floor.tables, holds, details.startTime, details.endTime);
    if (booking.tableId) {
      const table = floor.tables.find((candidate) => candidate.code === booking.tableId);
      if (!table) {
        throw new DomainError('UNKNOWN_TABLE', `There is no table '${booking.tableId}'`, {
          table_id: booking.tableId,
        });
      }
      if (table.capacity < details.partySize) {
        throw new DomainError(
          'TABLE_UNAVAILABLE',
          `Table '${table.code}' seats ${table.capacity}, not ${details.partySize}`,
          { reason: 'too_small', table_id: table.code, capacity: table.capacity },
        );
      }
      if (!free.includes(table)) throw this.busy(floor, [table], holds, booking, minutes);
      return [table];
    }
    const kept = current
      ? floor.tables.filter((table) => current.tableIds.includes(table.code))
      : [];
    const keptSeats = kept.reduce((sum, table) => sum + table.capacity, 0);
    if (kept.length && keptSeats >= details.partySize && kept.every((t) => free.includes(t))) {
      return kept;
    }
    const best = bestSeating(details.partySize, free);
    if (!best) throw this.busy(floor, floor.tables, holds, booking, minutes);
    return best.tables;
  }

  /**
   * Re-applies a booking to an existing reservation (a channel's re-send, or a `PUT`): the
   * statements writing what changed, none when nothing did.
   */
  private rebooking(
    reservation: Reservation,
    booking: Booking,
    floor: Floor,
    holdsAround: BookingFloor['holdsAround'],
    resent: boolean,
  ): SqlQuery[] {
    const { mapping } = this.db;
    const before = columnValues(mapping, reservation);
    const { details } = booking;
    if (booking.durationMinutes == null) {
      const minutes = defaultDuration(details.partySize, durationsOf(floor));
      details.endTime = new Date(details.startTime.getTime() + minutes * MINUTE);
    }
    const sameSeating =
      reservation.partySize === details.partySize &&
      reservation.startTime.getTime() === details.startTime.getTime() &&
      reservation.endTime.getTime() === details.endTime.getTime() &&
      (!booking.tableId || reservation.tableIds.join() === booking.tableId);
    const sameGuest =
      reservation.customerName === details.customerName &&
      reservation.customerPhone === details.customerPhone &&
      reservation.customerEmail === details.customerEmail &&
      reservation.notes === details.notes;
    if (sameSeating && sameGuest) return [];
    if (!EDITABLE_RESERVATION_STATUSES.includes(reservation.status)) {
      throw new DomainError(
        'RESERVATION_NOT_EDITABLE',
        `A ${reservation.status} reservation cannot be changed${resent ? ' by its channel' : ''}`,
        { status: reservation.status },
      );
    }
    let holds: SqlQuery[] = [];
    if (!sameSeating) {
      const tables = this.seat(floor, holdsAround, booking, reservation);
      reservation.partySize = details.partySize;
      reservation.startTime = details.startTime;
      reservation.endTime = details.endTime;
      reservation.tableIds = tables.map((table) => table.code);
      holds = [
        {
          sql: `delete from reservations.table_holds where ${OWN_ROWS} and reservation_id = ?`,
          params: [reservation.id],
        },
        ...tables.map((table) => insertStatement(mapping, new TableHold(reservation, table.code))),
      ];
    }
    reservation.customerName = details.customerName;
    reservation.customerPhone = details.customerPhone;
    reservation.customerEmail = details.customerEmail;
    reservation.notes = details.notes;
    reservation.touch(this.now());
    const update = updateStatement(mapping, reservation, before);
    return update ? [update, ...holds] : holds;
  }

  /** Nothing fits: TABLE_UNAVAILABLE with the nearest times when something would. */
  private busy(
    floor: Floor,
    tables: readonly DiningTable[],
    holds: readonly HeldSpan[],
    booking: Booking,
    minutes: number,
  ): DomainError {
    const { details } = booking;
    const nearest = nearestTimes(
      openingsAround(floor, details.startTime),
      tables,
      holds,
      details.partySize,
      details.startTime,
      minutes,
      this.now(),
    );
    const what = booking.tableId ? `Table '${booking.tableId}' is` : 'No table is';
    return new DomainError(
      'TABLE_UNAVAILABLE',
      `${what} free for ${details.partySize} at ${formatInstant(details.startTime)} for ${minutes} minutes`,
      {
        reason: 'booked',
        ...(booking.tableId ? { table_id: booking.tableId } : {}),
        nearest_times: nearest.map(formatInstant),
      },
    );
  }

  /** The error for a booking that lost a race at the exclusion constraint, read afresh. */
  private async unavailable(booking: Booking, reservationId: string | null): Promise<DomainError> {
    const { startTime, endTime } = booking.details;
    const minutes = Math.round((endTime.getTime() - startTime.getTime()) / MINUTE);
    // The floor and the holds around the booking, in one message, as the booking read them.
    const around = bookingReads(startTime, minutes);
    const { floor, holdsAround } = around.floor(this.db, await this.db.read(around.reads));
    const holds = holdsAround(startTime, endTime).filter(
      (hold) => hold.reservationId !== reservationId,
    );
    const tables = booking.tableId
      ? floor.tables.filter((table) => table.code === booking.tableId)
      : floor.tables;
    return this.busy(floor, tables, holds, booking, minutes);
  }
}
