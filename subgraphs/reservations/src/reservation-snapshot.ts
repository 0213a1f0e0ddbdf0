import { formatInstant } from '../../../platform/src/graphql/scalars';
import type { Reservation } from './entities/reservation.entity';

/** The reservation as events carry it, in the REST layer's JSON. */
export function reservationSnapshot(reservation: Reservation) {
  return {
    reservation_id: reservation.id,
    status: reservation.status,
    customer_name: reservation.customerName,
    customer_phone: reservation.customerPhone,
    customer_email: reservation.customerEmail,
    party_size: reservation.partySize,
    table_id: reservation.tableIds[0] ?? null,
    table_ids: reservation.tableIds,
    start_time: formatInstant(reservation.startTime),
    end_time: formatInstant(reservation.endTime),
    duration_minutes: reservation.durationMinutes(),
    source: reservation.source,
    external_id: reservation.externalId,
    notes: reservation.notes,
    version: reservation.version,
    created_at: formatInstant(reservation.createdAt),
    updated_at: formatInstant(reservation.updatedAt),
  };
}
