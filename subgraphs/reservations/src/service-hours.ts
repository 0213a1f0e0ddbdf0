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

export function localTime(instant: Date, timeZone: string): LocalTime {
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

/** The instant at which a local date (`2026-11-27`) plus `minutes` happens in a time zone. */
export function instantOf(date: string, minutes: number, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(year, month - 1, day) + minutes * 60_000;
  // The offset at the guess, then once more at the corrected instant (DST changes).
  let instant = wall;
  for (let i = 0; i < 2; i++) {
    const seen = localTime(new Date(instant), timeZone);
    const seenWall = Date.UTC(seen.year, seen.month - 1, seen.day) + seen.minutes * 60_000;
    instant += wall - seenWall;
  }
  return new Date(instant);
}

export function localDate(instant: Date, timeZone: string): string {
  const { year, month, day } = localTime(instant, timeZone);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const toMinutes = (hhmm: string) => {
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
};

/**
 * The service that an instant falls in, as [open, close) instants; `null` when closed. A
 * service that closes after midnight (`["19:00", "01:00"]`) belongs to the day it opened.
 */
export function serviceAt(
  instant: Date,
  hours: OpeningHours,
  timeZone: string,
): { open: Date; close: Date } | null {
  for (const back of [0, 1]) {
    const day = new Date(instant.getTime() - back * 86_400_000);
    const local = localTime(day, timeZone);
    const date = localDate(day, timeZone);
    for (const [open, close] of hours[String(local.weekday) as keyof OpeningHours] ?? []) {
      const openMinutes = toMinutes(open);
      let closeMinutes = toMinutes(close);
      if (closeMinutes <= openMinutes) closeMinutes += 24 * 60;
      const from = instantOf(date, openMinutes, timeZone);
      const to = instantOf(date, closeMinutes, timeZone);
      if (instant >= from && instant < to) return { open: from, close: to };
    }
  }
  return null;
}

export function defaultDuration(partySize: number, rules: readonly DurationRule[]): number {
  const rule = rules.find((candidate) => candidate.upTo === null || partySize <= candidate.upTo);
  return rule?.minutes ?? 120;
}
