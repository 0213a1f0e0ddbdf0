import { PAST_TOLERANCE_MS } from '../booking-input';
import type { Reservation } from '../entities/reservation.entity';
import {
  canChangeReservationStatus,
  EDITABLE_RESERVATION_STATUSES,
} from '../reservation-state-machine';
import type { ReservationsService } from '../reservations.service';
import type { ChannelNotice, InboundChannel } from './inbound-channels';

export type ChannelOutcome = 'created' | 'updated' | 'unchanged' | 'ignored';

export interface AppliedNotice {
  outcome: ChannelOutcome;
  reason: string | null;
  reservation: Reservation | null;
}

const applied = (
  outcome: ChannelOutcome,
  reservation: Reservation | null,
  reason: string | null = null,
): AppliedNotice => ({ outcome, reason, reservation });

/**
 * What a platform's booking does to the restaurant's reservations. The restaurant's own state
 * wins: a platform re-sending a booking whose guests have arrived, or that the restaurant
 * cancelled, changes nothing; a cancellation or no-show of a booking never received is ignored
 * rather than created; otherwise the booking is created, or updated in place (same source and
 * external id), with the tables re-assigned as for any booking.
 */
export async function applyChannelNotice(
  reservations: ReservationsService,
  source: InboundChannel,
  notice: Extract<ChannelNotice, { kind: 'booking' }>,
): Promise<AppliedNotice> {
  const existing = await reservations.findByChannel(source, notice.externalId);
  if (notice.status === 'cancelled' || notice.status === 'no_show') {
    if (!existing) return applied('ignored', null, `a ${notice.status} booking never received`);
    if (!canChangeReservationStatus(existing.status, notice.status)) {
      return applied('unchanged', existing, `the reservation is ${existing.status}`);
    }
    return applied('updated', await reservations.changeStatus(existing.id, notice.status));
  }
  if (existing && !EDITABLE_RESERVATION_STATUSES.includes(existing.status)) {
    return applied('unchanged', existing, `the reservation is ${existing.status}`);
  }
  if (existing && notice.booking.startTime.getTime() < Date.now() - PAST_TOLERANCE_MS) {
    return applied('unchanged', existing, 'the booking’s time has passed');
  }
  const { reservation, created } = await reservations.create({
    ...notice.booking,
    source,
    externalId: notice.externalId,
    status: notice.status,
  });
  if (!created && reservation.status === 'pending' && notice.status === 'confirmed') {
    return applied('updated', await reservations.changeStatus(reservation.id, 'confirmed'));
  }
  return applied(created ? 'created' : 'updated', reservation);
}
