import { EntitySchema } from '@mikro-orm/postgresql';
import { newId } from '../../../../platform/src/ids';
import type { Environment, Tenant } from '../../../../platform/src/tenancy/tenant';

/**
 * A restaurant's iCalendar feed, for Google Calendar or Microsoft 365 to subscribe to. Only the
 * SHA-256 of its token is kept: the token is shown once, at creation. A revoked feed answers 404.
 */
export class CalendarFeed {
  readonly id = newId('calendarFeed');
  readonly restaurantId: string;
  readonly environment: Environment;
  readonly tokenHash: string;
  readonly createdAt = new Date();
  revokedAt: Date | null = null;

  constructor(tenant: Tenant, tokenHash: string) {
    this.restaurantId = tenant.restaurantId;
    this.environment = tenant.environment;
    this.tokenHash = tokenHash;
  }

  tenant(): Tenant {
    return { restaurantId: this.restaurantId, environment: this.environment };
  }
}

export const CalendarFeedSchema = new EntitySchema<CalendarFeed>({
  class: CalendarFeed,
  tableName: 'calendar_feeds',
  properties: {
    id: { type: 'string', columnType: 'text', primary: true },
    restaurantId: { type: 'string', columnType: 'text' },
    environment: { type: 'string', columnType: 'text' },
    tokenHash: { type: 'string', columnType: 'text', unique: true },
    createdAt: { type: 'Date' },
    revokedAt: { type: 'Date', nullable: true },
  },
});
