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

/** A reservation in the REST layer's JSON: `reservation_id`, `table_id` and the spec's style. */
export function reservationJson(reservation: GraphQLReservation) {
  return {
    reservation_id: reservation.id,
    status: reservation.status.toLowerCase(),
    table_id: reservation.tables[0]?.id ?? null,
    table_ids: reservation.tables.map((table) => table.id),
    start_time: reservation.startTime,
    end_time: reservation.endTime,
    duration_minutes: reservation.durationMinutes,
    party_size: reservation.partySize,
    customer_name: reservation.customerName,
    customer_phone: reservation.customerPhone,
    customer_email: reservation.customerEmail,
    source: reservation.source.toLowerCase(),
    external_id: reservation.externalId,
    notes: reservation.notes,
    created_at: reservation.createdAt,
    version: reservation.version,
    updated_at: reservation.updatedAt,
  };
}

export function tableJson(table: GraphQLTable) {
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
