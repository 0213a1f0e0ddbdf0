import { formatInstant } from '../../../platform/src/graphql/scalars';
import { instantOf, localDate, localTime } from '../src/service-hours';

export const PARIS = 'Europe/Paris';

/** A Friday at least `weeks` weeks ahead, as a day in Paris: dinner is served 19:00–23:30. */
export function fridayAhead(weeks = 1): string {
  let day = new Date(Date.now() + weeks * 7 * 86_400_000);
  while (localTime(day, PARIS).weekday !== 5) day = new Date(day.getTime() + 86_400_000);
  return localDate(day, PARIS);
}

/** `at(day, '20:00')`: that wall-clock time in Paris, as the API writes instants. */
export function at(day: string, hhmm: string): string {
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  return formatInstant(instantOf(day, hours * 60 + minutes, PARIS));
}

/** The demo floor's table codes (see src/demo-floor.ts). */
export const DEMO_TABLE_CODES = [
  '1',
  '2',
  '3',
  '4',
  '5',
  '6',
  '7',
  '8',
  '9',
  '10',
  '11',
  '12',
  '20',
  '21',
  '22',
  '23',
  '24',
  '25',
  '30',
];
