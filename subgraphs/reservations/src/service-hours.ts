import type { DurationRule, OpeningHours } from './entities/floor-settings.entity';

/** The wall-clock reading of an instant in a time zone. */
interface LocalTime {
  year: number;
  month: number;
  day: number;
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
  minutes: number;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      weekday: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formats.set(timeZone, format);
  }
  return format;
}

export function isTimeZone(timeZone: string): boolean {
  try {
    formatFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * Time zone conversions already worked out, by key, up to 10,000 of them: cleared when full (the
 * few days and times in use per restaurant hold a tiny fraction of it). Each conversion is an
 * `Intl` formatting of a few microseconds, and searches ask the same few again and again: the
 * availability of a time works out the same local dates and services at every query.
 */
class Conversions<T> {
  private static readonly MAX = 10_000;
  private readonly known = new Map<string, T>();

  get(key: string, convert: () => T): T {
    let value = this.known.get(key);
    if (value === undefined) {
      value = convert();
      if (this.known.size >= Conversions.MAX) this.known.clear();
      this.known.set(key, value);
    }
    return value;
  }
}

const localTimes = new Conversions<Readonly<LocalTime>>();

/** The wall-clock reading of `instant` in `timeZone`. */
export function localTime(instant: Date, timeZone: string): Readonly<LocalTime> {
  return localTimes.get(`${timeZone} ${instant.getTime()}`, () =>
    Object.freeze(readLocalTime(instant, timeZone)),
  );
}

function readLocalTime(instant: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(
    formatFor(timeZone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    weekday: WEEKDAYS[parts.weekday!]!,
    minutes: Number(parts.hour) * 60 + Number(parts.minute),
  };
}

/**
 * Instants already worked out, by time zone, date and minutes: a search over a service's times
 * asks for the same few again and again, and each costs two time zone conversions.
 */
const instants = new Conversions<number>();

/** The instant at which a local date (`2026-11-27`) plus `minutes` happens in a time zone. */
export function instantOf(date: string, minutes: number, timeZone: string): Date {
  return new Date(
    instants.get(`${timeZone} ${date} ${minutes}`, () => convertInstant(date, minutes, timeZone)),
  );
}

function convertInstant(date: string, minutes: number, timeZone: string): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(year, month - 1, day) + minutes * 60_000;
  // The offset at the guess, then once more at the corrected instant (DST changes).
  let instant = wall;
  for (let i = 0; i < 2; i++) {
    const seen = localTime(new Date(instant), timeZone);
    const seenWall = Date.UTC(seen.year, seen.month - 1, seen.day) + seen.minutes * 60_000;
    instant += wall - seenWall;
  }
  return instant;
}

export function localDate(instant: Date, timeZone: string): string {
  const { year, month, day } = localTime(instant, timeZone);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const toMinutes = (hhmm: string) => {
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
};

/** A service as [open, close) instants. */
export interface Service {
  open: Date;
  close: Date;
}

/** The local date `days` after `date`: calendar arithmetic, no time zone involved. */
function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** The ISO weekday of a local date (1 Monday … 7 Sunday). */
function weekdayOf(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
}

/** The services that open on a local date, in the order of its hours. */
function servicesOn(date: string, hours: OpeningHours, timeZone: string): Service[] {
  return (hours[String(weekdayOf(date)) as keyof OpeningHours] ?? []).map(([open, close]) => {
    const openMinutes = toMinutes(open);
    let closeMinutes = toMinutes(close);
    if (closeMinutes <= openMinutes) closeMinutes += 24 * 60;
    return {
      open: instantOf(date, openMinutes, timeZone),
      close: instantOf(date, closeMinutes, timeZone),
    };
  });
}

/**
 * Every service that can hold an instant from `from` to `to`: those that open on the local days
 * from the one before `from` (a service that closes after midnight belongs to the day it opened,
 * `["19:00", "01:00"]`) through `to`'s, the latest day first. Worked out once for a search over
 * many instants: each service's bounds cost a few time zone conversions.
 */
export function servicesAround(
  from: Date,
  to: Date,
  hours: OpeningHours,
  timeZone: string,
): Service[] {
  const first = localDate(new Date(from.getTime() - 86_400_000), timeZone);
  const services: Service[] = [];
  for (let date = localDate(to, timeZone); date >= first; date = addDays(date, -1)) {
    services.push(...servicesOn(date, hours, timeZone));
  }
  return services;
}

/** The service in `services` that an instant falls in; `null` when none (closed). */
export function serviceIn(services: readonly Service[], instant: Date): Service | null {
  const at = instant.getTime();
  return services.find(({ open, close }) => at >= open.getTime() && at < close.getTime()) ?? null;
}

/** The service that an instant falls in; `null` when closed. */
export function serviceAt(instant: Date, hours: OpeningHours, timeZone: string): Service | null {
  return serviceIn(servicesAround(instant, instant, hours, timeZone), instant);
}

export function defaultDuration(partySize: number, rules: readonly DurationRule[]): number {
  const rule = rules.find((candidate) => candidate.upTo === null || partySize <= candidate.upTo);
  return rule?.minutes ?? 120;
}
