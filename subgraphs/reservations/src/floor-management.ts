import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import {
  DomainError,
  NotFoundError,
  ValidationFailed,
  type FieldProblem,
} from '../../../platform/src/errors';
import type { Tenant } from '../../../platform/src/tenancy/tenant';
import type { TenantDatabase } from '../../../platform/src/tenancy/tenant-database';
import { isStorableText, LONGEST_BOOKING_MINUTES } from './booking-input';
import { DiningTable, type DiningTableFields } from './entities/dining-table.entity';
import {
  FloorSettings,
  type DurationRule,
  type FloorSettingsFields,
  type OpeningHours,
} from './entities/floor-settings.entity';
import { Reservation } from './entities/reservation.entity';
import { TableHold } from './entities/table-hold.entity';
import { DEFAULT_TIME_ZONE, type KeptFloors } from './floor-plan';
import { isTimeZone } from './service-hours';

const CODE = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/;
const WEEKDAYS = ['1', '2', '3', '4', '5', '6', '7'] as const;
const MAX_CAPACITY = 100;
const MAX_JOINS = 20;
const MAX_SERVICES_A_DAY = 4;

/** The service of a restaurant that has not set its own: always closed, Paris time. */
const NO_SERVICE: FloorSettingsFields = {
  timeZone: DEFAULT_TIME_ZONE,
  openingHours: {},
  durations: [],
};

function check(problems: FieldProblem[], what: string): void {
  if (problems.length) {
    throw new ValidationFailed(
      'INVALID_FIELD',
      `Invalid ${what}: ${problems[0]!.field} ${problems[0]!.message}`,
      problems,
    );
  }
}

function tableProblems(fields: DiningTableFields): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const minPartySize = fields.minPartySize ?? 1;
  if (!CODE.test(fields.code)) {
    problems.push({ field: 'table_id', message: 'letters, digits, - and _, 64 at most' });
  }
  if (!Number.isInteger(fields.capacity) || fields.capacity < 1 || fields.capacity > MAX_CAPACITY) {
    problems.push({
      field: 'capacity',
      message: `must be a whole number from 1 to ${MAX_CAPACITY}`,
    });
  } else if (
    !Number.isInteger(minPartySize) ||
    minPartySize < 1 ||
    minPartySize > fields.capacity
  ) {
    problems.push({ field: 'min_party_size', message: 'must be from 1 to the capacity' });
  }
  const zone = fields.zone.trim();
  if (!zone || zone.length > 50 || !isStorableText(zone)) {
    problems.push({ field: 'zone', message: 'must be 1 to 50 characters of text' });
  }
  const joins = fields.joinableWith ?? [];
  if (joins.length > MAX_JOINS || joins.some((code) => !CODE.test(code) || code === fields.code)) {
    problems.push({
      field: 'joinable_with',
      message: `at most ${MAX_JOINS} other tables' ids`,
    });
  }
  return problems;
}

function serviceProblems(fields: FloorSettingsFields): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!isTimeZone(fields.timeZone)) {
    problems.push({
      field: 'time_zone',
      message: 'must be an IANA time zone such as Europe/Paris',
    });
  }
  for (const [day, services] of Object.entries(fields.openingHours)) {
    const field = `opening_hours.${day}`;
    if (!(WEEKDAYS as readonly string[]).includes(day)) {
      problems.push({ field, message: 'days are 1 (Monday) to 7 (Sunday)' });
    } else if (!Array.isArray(services) || services.length > MAX_SERVICES_A_DAY) {
      problems.push({ field, message: `at most ${MAX_SERVICES_A_DAY} services a day` });
    } else if (
      services.some(([open, close]) => !HHMM.test(open) || !HHMM.test(close) || open === close)
    ) {
      problems.push({
        field,
        message: 'each service is ["HH:MM", "HH:MM"], opening and closing apart',
      });
    }
  }
  const rules = fields.durations;
  if (rules.length < 1 || rules.length > 10) {
    problems.push({ field: 'durations', message: 'from 1 to 10 rules' });
  } else {
    rules.forEach((rule, index) => {
      const field = `durations[${index}]`;
      const last = index === rules.length - 1;
      if (
        !Number.isInteger(rule.minutes) ||
        rule.minutes < 15 ||
        rule.minutes > LONGEST_BOOKING_MINUTES
      ) {
        problems.push({
          field: `${field}.minutes`,
          message: `must be from 15 to ${LONGEST_BOOKING_MINUTES}`,
        });
      }
      if (last ? rule.upTo !== null : !Number.isInteger(rule.upTo) || rule.upTo! < 1) {
        problems.push({
          field: `${field}.up_to`,
          message: last ? 'the last rule is for any larger party: null' : 'must be a party size',
        });
      } else if (index > 0 && !last && rule.upTo! <= rules[index - 1]!.upTo!) {
        problems.push({ field: `${field}.up_to`, message: 'must grow from one rule to the next' });
      }
    });
  }
  return problems;
}

export interface SetTableOutcome {
  table: DiningTable;
  created: boolean;
}

/**
 * A restaurant's floor and service as its manager changes them. Joinability is kept mutual,
 * as table assignment reads it. A change that an upcoming reservation holding the table would
 * no longer fit (a smaller capacity, a pair no longer joinable, a removed table) is refused
 * with TABLE_IN_USE naming those reservations: move or cancel them first. Opening hours apply
 * to bookings made from then on; reservations already taken stay.
 */
export class FloorService {
  /** `floors`: the floors this process keeps, read again once a change here commits. */
  constructor(
    private readonly db: TenantDatabase,
    private readonly tenant: Tenant,
    private readonly floors?: KeptFloors,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** A change to the floor, in one transaction; what this process keeps of it, read again. */
  private async changing<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const changed = await this.db.transaction(work);
    await this.floors?.changed(this.tenant);
    return changed;
  }

  async setTable(fields: DiningTableFields): Promise<SetTableOutcome> {
    const wanted = {
      ...fields,
      zone: fields.zone.trim(),
      joinableWith: [...new Set(fields.joinableWith ?? [])],
    };
    check(tableProblems(wanted), 'table');
    return this.changing(async (em) => {
      const floor = await em.find(DiningTable, {}, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const byCode = new Map(floor.map((table) => [table.code, table]));
      const unknown = wanted.joinableWith.filter((code) => !byCode.has(code));
      check(
        unknown.length
          ? [{ field: 'joinable_with', message: `unknown tables: ${unknown.join(', ')}` }]
          : [],
        'table',
      );
      let table = byCode.get(wanted.code);
      const created = !table;
      if (table) {
        await this.assertStillFits(em, table, wanted, byCode);
        table.capacity = wanted.capacity;
        table.minPartySize = wanted.minPartySize ?? 1;
        table.zone = wanted.zone;
      } else {
        table = new DiningTable(this.tenant, { ...wanted, joinableWith: [] });
        em.persist(table);
      }
      table.joinableWith = wanted.joinableWith;
      for (const other of floor) {
        if (other === table) continue;
        const joins = wanted.joinableWith.includes(other.code);
        const listed = other.joinableWith.includes(table.code);
        if (joins && !listed) other.joinableWith = [...other.joinableWith, table.code];
        if (!joins && listed)
          other.joinableWith = other.joinableWith.filter((c) => c !== table.code);
      }
      await em.flush();
      return { table, created };
    });
  }

  async removeTable(code: string): Promise<DiningTable> {
    return this.changing(async (em) => {
      const floor = await em.find(DiningTable, {}, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const table = floor.find((candidate) => candidate.code === code);
      if (!table) throw new NotFoundError('TABLE_NOT_FOUND', 'Table', code);
      const upcoming = await this.upcomingOn(em, code);
      if (upcoming.length) throw tableInUse(code, upcoming);
      for (const other of floor) {
        if (other.joinableWith.includes(code)) {
          other.joinableWith = other.joinableWith.filter((c) => c !== code);
        }
      }
      em.remove(table);
      await em.flush();
      return table;
    });
  }

  async service(): Promise<FloorSettingsFields> {
    return this.db.transaction(async (em) => (await em.findOne(FloorSettings, {})) ?? NO_SERVICE);
  }

  async setService(fields: FloorSettingsFields): Promise<FloorSettings> {
    check(serviceProblems(fields), 'service');
    const openingHours: OpeningHours = Object.fromEntries(
      Object.entries(fields.openingHours).filter(([, services]) => services?.length),
    );
    const durations: DurationRule[] = fields.durations.map(({ upTo, minutes }) => ({
      upTo,
      minutes,
    }));
    return this.changing(async (em) => {
      const settings = await em.findOne(
        FloorSettings,
        {},
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!settings) {
        const created = new FloorSettings(this.tenant, {
          timeZone: fields.timeZone,
          openingHours,
          durations,
        });
        await em.persistAndFlush(created);
        return created;
      }
      Object.assign(settings, { timeZone: fields.timeZone, openingHours, durations });
      await em.flush();
      return settings;
    });
  }

  /** Refuses a change that an upcoming reservation on the table would no longer fit. */
  private async assertStillFits(
    em: EntityManager,
    table: DiningTable,
    wanted: DiningTableFields,
    byCode: ReadonlyMap<string, DiningTable>,
  ) {
    const seats = (code: string) =>
      code === table.code ? wanted.capacity : (byCode.get(code)?.capacity ?? 0);
    const misfits = (await this.upcomingOn(em, table.code)).filter((reservation) => {
      const others = reservation.tableIds.filter((code) => code !== table.code);
      const total = reservation.tableIds.reduce((sum, code) => sum + seats(code), 0);
      return (
        total < reservation.partySize ||
        (others.length === 0 && reservation.partySize < (wanted.minPartySize ?? 1)) ||
        others.some((code) => !(wanted.joinableWith ?? []).includes(code))
      );
    });
    if (misfits.length) throw tableInUse(table.code, misfits);
  }

  /** The active reservations holding the table from now on. */
  private async upcomingOn(em: EntityManager, code: string): Promise<Reservation[]> {
    const holds = await em.find(TableHold, {
      tableCode: code,
      active: true,
      endTime: { $gt: this.now() },
    });
    if (!holds.length) return [];
    return em.find(
      Reservation,
      { id: { $in: holds.map((hold) => hold.reservationId) } },
      { orderBy: { startTime: 'asc' } },
    );
  }
}

function tableInUse(code: string, reservations: Reservation[]): DomainError {
  return new DomainError(
    'TABLE_IN_USE',
    `Table '${code}' is held by upcoming reservations that the change would not fit`,
    { table_id: code, reservation_ids: reservations.map((reservation) => reservation.id) },
  );
}

/** The service as GraphQL lists it (a list of days) in the stored shape; a day given twice is refused. */
export function serviceSettingsFrom(input: {
  timeZone: string;
  openingHours: readonly {
    weekday: number;
    services: readonly { opens: string; closes: string }[];
  }[];
  durations: readonly { upToPartySize?: number | null; minutes: number }[];
}): FloorSettingsFields {
  const openingHours: Record<string, [string, string][]> = {};
  for (const day of input.openingHours) {
    const key = String(day.weekday);
    if (key in openingHours) {
      check([{ field: `opening_hours.${key}`, message: 'the day is given twice' }], 'service');
    }
    openingHours[key] = day.services.map(({ opens, closes }) => [opens, closes]);
  }
  return {
    timeZone: input.timeZone,
    openingHours: openingHours as OpeningHours,
    durations: input.durations.map((rule) => ({
      upTo: rule.upToPartySize ?? null,
      minutes: rule.minutes,
    })),
  };
}
