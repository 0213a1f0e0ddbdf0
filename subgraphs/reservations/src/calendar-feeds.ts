import type { EntityManager } from '@mikro-orm/postgresql';
import {
  generateUrlToken,
  hashUrlToken,
  urlTokenPattern,
} from '../../../platform/src/crypto/url-token';
import { NotFoundError } from '../../../platform/src/errors';
import type { Tenant } from '../../../platform/src/tenancy/tenant';
import { OWN_ROWS, TenantDatabase } from '../../../platform/src/tenancy/tenant-database';
import { CalendarFeed } from './entities/calendar-feed.entity';
import { Reservation } from './entities/reservation.entity';
import { reservationsCalendar } from './icalendar';

/** Feed tokens: `ics_` and 40 base62 characters, safe in a URL path. */
const TOKEN_PREFIX = 'ics';
export const CALENDAR_TOKEN = urlTokenPattern(TOKEN_PREFIX);

/** How far back the feed reaches: calendars keep last month's services visible. */
const FEED_HISTORY_MS = 31 * 86_400_000;
/** At most this many events in one feed, the soonest-starting past the history cut-off first. */
const FEED_MAX_EVENTS = 2000;

export const calendarFeedPath = (token: string) => `/api/v1/calendar/${token}.ics`;

export interface NewCalendarFeed {
  id: string;
  url: string;
  token: string;
  createdAt: Date;
}

/** One tenant's feeds: creating (the token is shown once) and revoking them. */
export class CalendarFeedService {
  constructor(private readonly db: TenantDatabase) {}

  async create(): Promise<NewCalendarFeed> {
    const token = generateUrlToken(TOKEN_PREFIX);
    const feed = new CalendarFeed(this.db.tenant, hashUrlToken(token));
    await this.db.transaction(async (em) => em.persistAndFlush(feed));
    return { id: feed.id, url: calendarFeedPath(token), token, createdAt: feed.createdAt };
  }

  /** The tenant's live feeds (without their tokens), newest first. */
  async list(): Promise<CalendarFeed[]> {
    return this.db.transaction((em) =>
      em.find(CalendarFeed, { revokedAt: null }, { orderBy: { createdAt: 'desc', id: 'desc' } }),
    );
  }

  /** Revokes a feed of this tenant: its URL answers 404 from now on. Revoking twice is fine. */
  async revoke(id: string): Promise<CalendarFeed> {
    return this.db.transaction(async (em) => {
      const feed = await em.findOne(CalendarFeed, { id });
      if (!feed) throw new NotFoundError('CALENDAR_FEED_NOT_FOUND', 'Calendar feed', id);
      feed.revokedAt ??= new Date();
      await em.flush();
      return feed;
    });
  }
}

/**
 * What a subscribed calendar fetches, without an access token: the feed is found by its
 * token's hash across every tenant (the one read that must, so it runs as the service user with
 * the tenant filter off, and reads nothing but the feed row), then the reservations are read
 * through a `TenantDatabase` of the feed's own tenant, row-level security included.
 */
export class CalendarFeedReader {
  constructor(
    private readonly root: EntityManager,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The tenant of an active feed's token, or null for an unknown or revoked one. */
  async tenantOf(token: string): Promise<Tenant | null> {
    if (!CALENDAR_TOKEN.test(token)) return null;
    const feed = await this.root
      .fork({ clear: true, useContext: false })
      .findOne(
        CalendarFeed,
        { tokenHash: hashUrlToken(token), revokedAt: null },
        { filters: false },
      );
    return feed ? feed.tenant() : null;
  }

  /** The feed's iCalendar text, or null for an unknown or revoked token. */
  async calendar(token: string): Promise<string | null> {
    const tenant = await this.tenantOf(token);
    if (!tenant) return null;
    const db = new TenantDatabase(this.root, tenant);
    const reservations = await db.readEntities(Reservation, {
      sql: `select * from reservations.reservations where ${OWN_ROWS} and end_time >= ?
             order by start_time, id limit ?`,
      params: [new Date(this.now().getTime() - FEED_HISTORY_MS), FEED_MAX_EVENTS],
    });
    return reservationsCalendar(reservations);
  }
}
