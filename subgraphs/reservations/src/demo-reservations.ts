import type { Tenant } from '../../../platform/src/tenancy/tenant';
import type { TenantDatabase } from '../../../platform/src/tenancy/tenant-database';
import type { FloorSettingsFields } from './entities/floor-settings.entity';
import { ReservationsService, type NewReservationInput } from './reservations.service';
import { instantOf, localDate, serviceAt } from './service-hours';

type DemoBooking = Omit<NewReservationInput, 'startTime'> & { at: string };

/** Tonight's book (or the next evening the restaurant opens), then the following evening's. */
const EVENINGS: readonly (readonly DemoBooking[])[] = [
  [
    {
      at: '20:00',
      customerName: 'Famille Dubois',
      customerPhone: '+33 6 11 22 33 44',
      partySize: 4,
      status: 'confirmed',
      source: 'phone',
    },
    {
      at: '20:30',
      customerName: 'Julien Leroy',
      customerEmail: 'julien.leroy@example.com',
      partySize: 2,
      status: 'pending',
      source: 'thefork',
      externalId: 'TF-DEMO-1042',
      notes: 'Près de la fenêtre si possible',
    },
  ],
  [
    {
      at: '20:00',
      customerName: 'Société Arcadie',
      customerPhone: '+33 1 44 55 66 77',
      partySize: 8,
      status: 'confirmed',
      source: 'phone',
      notes: "Dîner d'équipe",
    },
    {
      at: '21:00',
      customerName: 'Claire Moreau',
      partySize: 2,
      status: 'confirmed',
      source: 'voice',
    },
  ],
];

const minutesOf = (hhmm: string) => {
  const [hours, minutes] = hhmm.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
};

/**
 * A few reservations on the next two evenings the restaurant is open (today's, when its
 * dinner is still ahead), booked through the service's own rules so that they hold tables.
 * Answers how many were made.
 */
export async function seedDemoReservations(
  db: TenantDatabase,
  tenant: Tenant,
  service: FloorSettingsFields,
  now = new Date(),
): Promise<number> {
  const reservations = new ReservationsService(db, tenant, { now: () => now });
  const evenings: string[] = [];
  for (let ahead = 0; evenings.length < EVENINGS.length && ahead < 14; ahead += 1) {
    const day = localDate(new Date(now.getTime() + ahead * 86_400_000), service.timeZone);
    const dinner = instantOf(day, minutesOf('20:00'), service.timeZone);
    if (dinner > now && serviceAt(dinner, service.openingHours, service.timeZone)) {
      evenings.push(day);
    }
  }
  let made = 0;
  for (const [index, day] of evenings.entries()) {
    for (const { at, ...booking } of EVENINGS[index]!) {
      await reservations.create({
        ...booking,
        startTime: instantOf(day, minutesOf(at), service.timeZone),
      });
      made += 1;
    }
  }
  return made;
}
