import { z } from 'zod';
import { RESERVATION_SOURCES } from '../../../subgraphs/reservations/src/entities/reservation.entity';
import { RESERVATION_STATUSES } from '../../../subgraphs/reservations/src/reservation-state-machine';
import { instant, lowerCase as lower } from './openapi/json-schemas';
import { responseSchema } from './openapi/rest-operation';

/** The reservation fields every REST answer selects, in the gateway's GraphQL. */
export const RESERVATION_FIELDS = /* GraphQL */ `
  fragment RestReservation on Reservation {
    id
    status
    customerName
    customerPhone
    customerEmail
    partySize
    startTime
    endTime
    durationMinutes
    tables {
      id
    }
    source
    externalId
    notes
    version
    createdAt
    updatedAt
  }
`;

export const TABLE_FIELDS = /* GraphQL */ `
  fragment RestTable on Table {
    id
    capacity
    minPartySize
    zone
    joinableWith
  }
`;

export interface GraphQLReservation {
  id: string;
  status: string;
  customerName: string;
  customerPhone: string | null;
  customerEmail: string | null;
  partySize: number;
  startTime: string;
  endTime: string;
  durationMinutes: number;
  tables: { id: string }[];
  source: string;
  externalId: string | null;
  notes: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface GraphQLTable {
  id: string;
  capacity: number;
  minPartySize: number;
  zone: string;
  joinableWith: string[];
}

export const ReservationJson = responseSchema(
  'Reservation',
  z.object({
    reservation_id: z.string(),
    status: z.enum(RESERVATION_STATUSES),
    table_id: z.string().nullable().meta({ description: 'The first of `table_ids`' }),
    table_ids: z.array(z.string()),
    start_time: instant,
    end_time: instant,
    duration_minutes: z.number().int(),
    party_size: z.number().int(),
    customer_name: z.string(),
    customer_phone: z.string().nullable(),
    customer_email: z.string().nullable(),
    source: z.enum(RESERVATION_SOURCES),
    external_id: z.string().nullable(),
    notes: z.string(),
    created_at: instant,
    version: z.number().int(),
    updated_at: instant,
  }),
  {
    description: 'A reservation and the tables it holds',
    examples: [
      {
        reservation_id: 'res_4fJ8kQ2nVw',
        status: 'confirmed',
        table_id: '5',
        table_ids: ['5'],
        start_time: '2023-09-15T19:30:00Z',
        end_time: '2023-09-15T21:15:00Z',
        duration_minutes: 105,
        party_size: 4,
        customer_name: 'Camille Martin',
        customer_phone: '+33612345678',
        customer_email: null,
        source: 'phone',
        external_id: null,
        notes: 'Anniversaire',
        created_at: '2023-09-12T10:02:11Z',
        version: 1,
        updated_at: '2023-09-12T10:02:11Z',
      },
    ],
  },
);

export const TableJson = responseSchema(
  'Table',
  z.object({
    table_id: z.string(),
    capacity: z.number().int(),
    min_party_size: z.number().int(),
    zone: z.string(),
    joinable_with: z.array(z.string()),
  }),
  {
    description: "A table, by the restaurant's own id",
    examples: [
      { table_id: '12', capacity: 4, min_party_size: 1, zone: 'terrasse', joinable_with: ['14'] },
    ],
  },
);

/** A reservation in the REST layer's JSON: `reservation_id`, `table_id` and the spec's style. */
export function reservationJson(reservation: GraphQLReservation): z.infer<typeof ReservationJson> {
  return {
    reservation_id: reservation.id,
    status: lower(reservation.status),
    table_id: reservation.tables[0]?.id ?? null,
    table_ids: reservation.tables.map((table) => table.id),
    start_time: reservation.startTime,
    end_time: reservation.endTime,
    duration_minutes: reservation.durationMinutes,
    party_size: reservation.partySize,
    customer_name: reservation.customerName,
    customer_phone: reservation.customerPhone,
    customer_email: reservation.customerEmail,
    source: lower(reservation.source),
    external_id: reservation.externalId,
    notes: reservation.notes,
    created_at: reservation.createdAt,
    version: reservation.version,
    updated_at: reservation.updatedAt,
  };
}

export function tableJson(table: GraphQLTable): z.infer<typeof TableJson> {
  return {
    table_id: table.id,
    capacity: table.capacity,
    min_party_size: table.minPartySize,
    zone: table.zone,
    joinable_with: table.joinableWith,
  };
}

export function reservationEtag(reservation: GraphQLReservation): string {
  return `"${reservation.version}"`;
}

/** The reservation as events carry it (reservations' `reservationSnapshot`). */
export interface ReservationSnapshot {
  reservation_id: string;
  status: string;
  customer_name: string;
  customer_phone: string | null;
  customer_email: string | null;
  party_size: number;
  table_ids: string[];
  start_time: string;
  end_time: string;
  duration_minutes: number;
  source: string;
  external_id: string | null;
  notes: string;
  version: number;
  created_at: string;
  updated_at: string;
}

/** An event's reservation snapshot read as the GraphQL answer `reservationJson` maps. */
export function reservationFromSnapshot(reservation: ReservationSnapshot): GraphQLReservation {
  return {
    id: reservation.reservation_id,
    status: reservation.status,
    customerName: reservation.customer_name,
    customerPhone: reservation.customer_phone,
    customerEmail: reservation.customer_email,
    partySize: reservation.party_size,
    startTime: reservation.start_time,
    endTime: reservation.end_time,
    durationMinutes: reservation.duration_minutes,
    tables: reservation.table_ids.map((id) => ({ id })),
    source: reservation.source,
    externalId: reservation.external_id,
    notes: reservation.notes,
    version: reservation.version,
    createdAt: reservation.created_at,
    updatedAt: reservation.updated_at,
  };
}
