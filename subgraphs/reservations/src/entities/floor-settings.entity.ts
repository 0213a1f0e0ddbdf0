import { randomUUID } from 'node:crypto';
import { EntitySchema } from '@mikro-orm/postgresql';
import type { Environment, Tenant } from '../../../../platform/src/tenancy/tenant';

/** `["12:00", "14:30"]`: a service, in the restaurant's local time; `close` may pass midnight. */
export type ServicePeriod = [open: string, close: string];

/** Per ISO weekday (`1` Monday … `7` Sunday), the services of that day; a missing day is closed. */
export type OpeningHours = Partial<
  Record<'1' | '2' | '3' | '4' | '5' | '6' | '7', ServicePeriod[]>
>;

/** How long a table is held by default: the first rule whose `upTo` covers the party applies. */
export interface DurationRule {
  upTo: number | null;
  minutes: number;
}

export interface FloorSettingsFields {
  timeZone: string;
  openingHours: OpeningHours;
  durations: DurationRule[];
}

/** A restaurant's service: its time zone, opening hours and default reservation lengths. */
export class FloorSettings {
  readonly uuid = randomUUID();
  readonly restaurantId: string;
  readonly environment: Environment;
  timeZone: string;
  openingHours: OpeningHours;
  durations: DurationRule[];

  constructor(tenant: Tenant, fields: FloorSettingsFields) {
    this.restaurantId = tenant.restaurantId;
    this.environment = tenant.environment;
    this.timeZone = fields.timeZone;
    this.openingHours = fields.openingHours;
    this.durations = fields.durations;
  }
}

export const FloorSettingsSchema = new EntitySchema<FloorSettings>({
  class: FloorSettings,
  tableName: 'floor_settings',
  properties: {
    uuid: { type: 'uuid', primary: true },
    restaurantId: { type: 'string', columnType: 'text' },
    environment: { type: 'string', columnType: 'text' },
    timeZone: { type: 'string', columnType: 'text' },
    openingHours: { type: 'json' },
    durations: { type: 'json' },
  },
  uniques: [{ name: 'floor_settings_tenant_unique', properties: ['restaurantId', 'environment'] }],
});
