import { EntitySchema } from '@mikro-orm/postgresql';
import { newId } from '../../../../platform/src/ids';
import type { Environment, Tenant } from '../../../../platform/src/tenancy/tenant';
import { RESERVATION_STATUSES, type ReservationStatus } from '../reservation-state-machine';

export const RESERVATION_SOURCES = [
  'phone',
  'walk_in',
  'voice',
  'thefork',
  'resy',
  'opentable',
  'zenchef',
  'google_calendar',
  'microsoft_365',
] as const;
export type ReservationSource = (typeof RESERVATION_SOURCES)[number];

export interface ReservationDetails {
  customerName: string;
  customerPhone: string | null;
  customerEmail: string | null;
  partySize: number;
  startTime: Date;
  endTime: Date;
  notes: string;
}

/** A party's booking; the tables it holds are its `TableHold` rows. */
export class Reservation {
  readonly id = newId('reservation');
  readonly restaurantId: string;
  readonly environment: Environment;
  status: ReservationStatus;
  customerName: string;
  customerPhone: string | null;
  customerEmail: string | null;
  partySize: number;
  startTime: Date;
  endTime: Date;
  /** The held tables' codes, smallest first: a copy of the holds, for reading. */
  tableIds: string[] = [];
  readonly source: ReservationSource;
  readonly externalId: string | null;
  notes: string;
  version = 1;
  readonly createdAt = new Date();
  updatedAt = new Date();

  constructor(
    tenant: Tenant,
    details: ReservationDetails,
    channel: { source: ReservationSource; externalId: string | null; status: ReservationStatus },
  ) {
    this.restaurantId = tenant.restaurantId;
    this.environment = tenant.environment;
    this.status = channel.status;
    this.source = channel.source;
    this.externalId = channel.externalId;
    this.customerName = details.customerName;
    this.customerPhone = details.customerPhone;
    this.customerEmail = details.customerEmail;
    this.partySize = details.partySize;
    this.startTime = details.startTime;
    this.endTime = details.endTime;
    this.notes = details.notes;
  }

  tenant(): Tenant {
    return { restaurantId: this.restaurantId, environment: this.environment };
  }

  durationMinutes(): number {
    return Math.round((this.endTime.getTime() - this.startTime.getTime()) / 60_000);
  }

  touch(now = new Date()): void {
    this.version += 1;
    this.updatedAt = now;
  }
}

export const ReservationSchema = new EntitySchema<Reservation>({
  class: Reservation,
  tableName: 'reservations',
  properties: {
    id: { type: 'string', columnType: 'text', primary: true },
    restaurantId: { type: 'string', columnType: 'text' },
    environment: { type: 'string', columnType: 'text' },
    status: { enum: true, items: () => [...RESERVATION_STATUSES] },
    customerName: { type: 'string', columnType: 'text' },
    customerPhone: { type: 'string', columnType: 'text', nullable: true },
    customerEmail: { type: 'string', columnType: 'text', nullable: true },
    partySize: { type: 'integer' },
    startTime: { type: 'Date' },
    endTime: { type: 'Date' },
    tableIds: { type: 'json' },
    source: { enum: true, items: () => [...RESERVATION_SOURCES] },
    externalId: { type: 'string', columnType: 'text', nullable: true },
    notes: { type: 'string', columnType: 'text' },
    version: { type: 'integer' },
    createdAt: { type: 'Date' },
    updatedAt: { type: 'Date' },
  },
  indexes: [
    {
      name: 'reservations_tenant_start_idx',
      properties: ['restaurantId', 'environment', 'startTime', 'id'],
    },
  ],
  uniques: [
    {
      name: 'reservations_channel_unique',
      properties: ['restaurantId', 'environment', 'source', 'externalId'],
    },
  ],
  checks: [
    { name: 'reservations_party_size_check', expression: 'party_size >= 1' },
    { name: 'reservations_time_check', expression: 'end_time > start_time' },
  ],
});
