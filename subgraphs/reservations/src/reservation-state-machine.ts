import { IllegalTransitionError } from '../../../platform/src/errors';

export const RESERVATION_STATUSES = [
  'pending',
  'confirmed',
  'arrived',
  'seated',
  'completed',
  'cancelled',
  'no_show',
] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/**
 * Every allowed change of a reservation's status. A guest may be seated straight from
 * `confirmed` (the host skips the waiting area); a no-show is only declared before arrival.
 * Anything not listed is refused with ILLEGAL_TRANSITION.
 */
export const RESERVATION_TRANSITIONS: Readonly<
  Record<ReservationStatus, readonly ReservationStatus[]>
> = {
  pending: ['confirmed', 'cancelled'],
  confirmed: ['arrived', 'seated', 'cancelled', 'no_show'],
  arrived: ['seated', 'cancelled'],
  seated: ['completed'],
  completed: [],
  cancelled: [],
  no_show: [],
};

/** Reservations in these statuses hold their tables; the others have freed them. */
export const ACTIVE_RESERVATION_STATUSES: readonly ReservationStatus[] = [
  'pending',
  'confirmed',
  'arrived',
  'seated',
];

/** Time, party and tables may change only before the guests are there. */
export const EDITABLE_RESERVATION_STATUSES: readonly ReservationStatus[] = ['pending', 'confirmed'];

export function isActiveReservation(status: ReservationStatus): boolean {
  return ACTIVE_RESERVATION_STATUSES.includes(status);
}

export function canChangeReservationStatus(from: ReservationStatus, to: ReservationStatus) {
  return RESERVATION_TRANSITIONS[from].includes(to);
}

export function assertReservationTransition(from: ReservationStatus, to: ReservationStatus) {
  if (!canChangeReservationStatus(from, to)) {
    throw new IllegalTransitionError('A reservation', from, to, RESERVATION_TRANSITIONS[from]);
  }
}

/** The guests are there: `reservation.arrived` is recorded on entering either status. */
export function marksArrival(from: ReservationStatus, to: ReservationStatus): boolean {
  return to === 'arrived' || (to === 'seated' && from !== 'arrived');
}
