import { ValidationFailed } from '../../../platform/src/errors';
import { isReservationId } from './booking-input';
import type { Reservation } from './entities/reservation.entity';

/** Pages follow (start time, id): the cursor carries both. */
export function encodeCursor(reservation: Reservation): string {
  return Buffer.from(`${reservation.startTime.toISOString()}|${reservation.id}`).toString(
    'base64url',
  );
}

export function decodeCursor(cursor: string): { startTime: Date; id: string } {
  const [iso = '', id = ''] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const startTime = new Date(iso);
  if (Number.isNaN(startTime.getTime()) || !isReservationId(id)) {
    throw new ValidationFailed('INVALID_FIELD', 'Unknown cursor', [
      { field: 'cursor', message: 'must be the next_cursor of a previous page' },
    ]);
  }
  return { startTime, id };
}
