import { ValidationFailed, type FieldProblem } from '../../../platform/src/errors';
import type { ReservationDetails } from './entities/reservation.entity';

export const MINUTE = 60_000;

/** The longest a booking may last: its own duration, and a floor's rules, are validated to it. */
export const LONGEST_BOOKING_MINUTES = 720;
/** A booking may start this long ago (a walk-in entered as it sits down), not earlier. */
export const PAST_TOLERANCE_MS = 5 * MINUTE;

const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text PostgreSQL can store: no NUL character, no lone UTF-16 surrogate. */
export function isStorableText(value: string): boolean {
  return !UNSTORABLE.test(value);
}

const RESERVATION_ID = /^res_[0-9a-z]{26}$/;

/** The shape of the ids this service hands out; anything else is unknown without a query. */
export function isReservationId(id: string): boolean {
  return RESERVATION_ID.test(id);
}

/** The booking a guest asks for, as the API receives it. */
export interface BookingInput {
  customerName: string;
  customerPhone?: string | null;
  customerEmail?: string | null;
  partySize: number;
  startTime: Date;
  durationMinutes?: number | null;
  tableId?: string | null;
  notes?: string | null;
}

/** A request, validated: the reservation's details and the table it asks for. */
export interface Booking {
  details: ReservationDetails;
  tableId: string | null;
  /** Whether the caller chose the length (else the restaurant's default for the party). */
  durationMinutes: number | null;
}

/** Checks a booking field by field; every problem is reported at once in INVALID_FIELD. */
export function validateBooking(input: BookingInput, now: Date): Booking {
  const problems: FieldProblem[] = [];
  const texts = {
    customer_name: input.customerName,
    customer_phone: input.customerPhone,
    customer_email: input.customerEmail,
    table_id: input.tableId,
    notes: input.notes,
  };
  for (const [field, value] of Object.entries(texts)) {
    if (typeof value === 'string' && !isStorableText(value)) {
      problems.push({ field, message: 'contains a NUL character or a lone surrogate' });
    }
  }
  if (problems.length) {
    throw new ValidationFailed(
      'INVALID_FIELD',
      `Invalid reservation: ${problems[0]!.field} text`,
      problems,
    );
  }
  const name = input.customerName?.trim() ?? '';
  if (!name || name.length > 200) {
    problems.push({ field: 'customer_name', message: 'is required (1 to 200 characters)' });
  }
  const phone = input.customerPhone?.trim() || null;
  if (phone && !/^\+?[0-9 ().-]{4,32}$/.test(phone)) {
    problems.push({ field: 'customer_phone', message: 'must be a phone number' });
  }
  const email = input.customerEmail?.trim() || null;
  if (email && (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email) || email.length > 254)) {
    problems.push({ field: 'customer_email', message: 'must be an email address' });
  }
  const tableId = input.tableId?.trim() || null;
  if (tableId && tableId.length > 64) {
    problems.push({ field: 'table_id', message: 'must be 64 characters at most' });
  }
  const notes = input.notes ?? '';
  if (notes.length > 1000)
    problems.push({ field: 'notes', message: 'must be 1000 characters at most' });
  problems.push(
    ...partyAndTimeProblems(input.partySize, input.startTime, input.durationMinutes, now),
  );
  if (problems.length) {
    throw new ValidationFailed(
      'INVALID_FIELD',
      `Invalid reservation: ${problems[0]!.field} ${problems[0]!.message}`,
      problems,
    );
  }
  const minutes = input.durationMinutes ?? null;
  return {
    details: {
      customerName: name,
      customerPhone: phone,
      customerEmail: email,
      partySize: input.partySize,
      startTime: input.startTime,
      // Set once the floor's default durations are known, in `seat`.
      endTime: new Date(input.startTime.getTime() + (minutes ?? 0) * MINUTE),
      notes,
    },
    tableId,
    durationMinutes: minutes,
  };
}

export function invalid(field: string, message: string): ValidationFailed {
  return new ValidationFailed('INVALID_FIELD', `Invalid reservation: ${field} ${message}`, [
    { field, message },
  ]);
}

function partyAndTimeProblems(
  partySize: number,
  startTime: Date,
  durationMinutes: number | null | undefined,
  now: Date,
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (!Number.isInteger(partySize) || partySize < 1 || partySize > 100) {
    problems.push({ field: 'party_size', message: 'must be a whole number from 1 to 100' });
  }
  if (!(startTime instanceof Date) || Number.isNaN(startTime.getTime())) {
    problems.push({ field: 'start_time', message: 'must be an ISO 8601 instant' });
  } else if (startTime.getTime() < now.getTime() - PAST_TOLERANCE_MS) {
    problems.push({ field: 'start_time', message: 'must not be in the past' });
  }
  if (
    durationMinutes != null &&
    (!Number.isInteger(durationMinutes) ||
      durationMinutes < 15 ||
      durationMinutes > LONGEST_BOOKING_MINUTES)
  ) {
    problems.push({
      field: 'duration_minutes',
      message: `must be 15 to ${LONGEST_BOOKING_MINUTES} minutes`,
    });
  }
  return problems;
}

export function validatePartyAndTime(
  partySize: number,
  startTime: Date,
  durationMinutes: number | null | undefined,
  now: Date,
): void {
  const problems = partyAndTimeProblems(partySize, startTime, durationMinutes, now);
  if (problems.length) {
    throw new ValidationFailed(
      'INVALID_FIELD',
      `Invalid request: ${problems[0]!.field} ${problems[0]!.message}`,
      problems,
    );
  }
}

export function isDate(value: string): boolean {
  if (!/^\d{4}-\d\d-\d\d$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}
