import {
  CreateReservationDocument,
  TableAvailabilityDocument,
  type RestSchemas,
  type SottoClient,
} from '../src';
import { runExample } from './example-client';

/** Next week's Friday at 19:00 UTC: 20:00 or 21:00 in Paris, during the demo's dinner service. */
export function nextFridayEvening(now = new Date()): string {
  const day = new Date(now.getTime() + 7 * 86_400_000);
  day.setUTCDate(day.getUTCDate() + ((5 - day.getUTCDay() + 7) % 7));
  day.setUTCHours(19, 0, 0, 0);
  return day.toISOString().replace('.000Z', 'Z');
}

/**
 * Looks for a table for four, books the best fit through GraphQL, and confirms the booking
 * through REST.
 */
export async function bookATable(client: SottoClient, startTime = nextFridayEvening()) {
  const { tableAvailability } = await client.graphql(TableAvailabilityDocument, {
    startTime,
    partySize: 4,
  });
  if (!tableAvailability.bestFit) {
    return { booked: false, nearestTimes: tableAvailability.nearestTimes };
  }
  const { createReservation } = await client.graphql(CreateReservationDocument, {
    input: {
      customerName: 'Camille Martin',
      customerPhone: '+33 6 12 34 56 78',
      partySize: 4,
      startTime,
      notes: 'Anniversaire',
      status: 'PENDING',
    },
  });
  const { reservation } = createReservation;
  const confirmed = await client.rest.patch<RestSchemas['Reservation']>(
    `/reservations/${reservation.id}/status`,
    { status: 'confirmed' },
  );
  return {
    booked: true,
    reservationId: reservation.id,
    tables: reservation.tables.map((table) => table.id),
    bestFit: tableAvailability.bestFit.map((table) => table.id),
    status: confirmed.status,
  };
}

if (require.main === module) runExample((client) => bookATable(client));
