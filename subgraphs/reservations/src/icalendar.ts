import type { Reservation } from './entities/reservation.entity';

/**
 * iCalendar (RFC 5545) for a restaurant's reservations: the feed that Google Calendar and
 * Microsoft 365 subscribe to. Lines end in CRLF and are folded at 75 octets of UTF-8 without
 * splitting a character; TEXT values escape `\`, `;`, `,` and newlines.
 */

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** A TEXT value (RFC 5545 §3.3.11): control characters other than tab dropped. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '');
}

/** A content line folded at 75 octets: continuation lines start with one space (§3.1). */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const character of line) {
    const size = Buffer.byteLength(character, 'utf8');
    const limit = parts.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += character;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

/** A UTC DATE-TIME: `20261127T190000Z`. */
export function utcDateTime(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

/** Pending is tentative; cancelled and no-show are cancelled; the rest happened or will. */
export function eventStatus(reservation: Reservation): 'CONFIRMED' | 'TENTATIVE' | 'CANCELLED' {
  if (reservation.status === 'pending') return 'TENTATIVE';
  if (reservation.status === 'cancelled' || reservation.status === 'no_show') return 'CANCELLED';
  return 'CONFIRMED';
}

export function eventSummary(reservation: Reservation): string {
  const tables = reservation.tableIds.length
    ? `${reservation.tableIds.length > 1 ? 'tables' : 'table'} ${reservation.tableIds.join('+')}`
    : 'sans table';
  return `${reservation.customerName} · ${reservation.partySize} pers. · ${tables}`;
}

function eventLines(reservation: Reservation): string[] {
  const description = [
    reservation.customerPhone ? `Tél. ${reservation.customerPhone}` : null,
    `Source : ${reservation.source}`,
    `Statut : ${reservation.status}`,
    reservation.notes ? reservation.notes : null,
  ]
    .filter((line): line is string => line !== null)
    .join('\n');
  return [
    'BEGIN:VEVENT',
    `UID:${reservation.id}@sotto`,
    `DTSTAMP:${utcDateTime(reservation.updatedAt)}`,
    `LAST-MODIFIED:${utcDateTime(reservation.updatedAt)}`,
    `CREATED:${utcDateTime(reservation.createdAt)}`,
    `SEQUENCE:${reservation.version - 1}`,
    `DTSTART:${utcDateTime(reservation.startTime)}`,
    `DTEND:${utcDateTime(reservation.endTime)}`,
    `SUMMARY:${escapeText(eventSummary(reservation))}`,
    `DESCRIPTION:${escapeText(description)}`,
    `STATUS:${eventStatus(reservation)}`,
    'TRANSP:OPAQUE',
    'END:VEVENT',
  ];
}

/** The whole feed: one VEVENT per reservation, cancelled ones marked STATUS:CANCELLED. */
export function reservationsCalendar(reservations: readonly Reservation[]): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Sotto//Reservations//FR',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'X-WR-CALNAME:Réservations Sotto',
    'REFRESH-INTERVAL;VALUE=DURATION:PT15M',
    'X-PUBLISHED-TTL:PT15M',
    ...reservations.flatMap(eventLines),
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
