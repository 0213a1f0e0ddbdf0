import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError } from '../../../platform/src/errors';
import type { Tenant } from '../../../platform/src/tenancy/tenant';
import { TenantDatabase } from '../../../platform/src/tenancy/tenant-database';
import { CalendarFeed } from './entities/calendar-feed.entity';
import { Reservation } from './entities/reservation.entity';
import { reservationsCalendar } from './icalendar';

/** Feed tokens: a prefix and 40 base62 characters (about 238 bits), safe in a URL path. */
const TOKEN_PREFIX = 'ics_';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
export const CALENDAR_TOKEN = /^ics_[0-9A-Za-z]{40}$/;

/** How far back the feed reaches: calendars keep last month's services visible. */
const FEED_HISTORY_MS = 31 * 86_400_000;
/** At most this many events in one feed, the soonest-starting past the history cut-off first. */
const FEED_MAX_EVENTS = 2000;

export function generateCalendarToken(): string {
  let body = '';
  for (const byte of randomBytes(40)) body += BASE62[byte % 62];
  return TOKEN_PREFIX + body;
}

/** Tokens are long random strings, so one SHA-256 is enough to store them, as for API keys. */
export function hashCalendarToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

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
    const token = generateCalendarToken();
    const feed = new CalendarFeed(this.db.tenant, hashCalendarToken(token));
    await this.db.transaction(async (em) => em.persistAndFlush(feed));
    return { id: feed.id, url: calendarFeedPath(token), token, createdAt: feed.createdAt };
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
        { tokenHash: hashCalendarToken(token), revokedAt: null },
        { filters: false },
      );
    return feed ? feed.tenant() : null;
  }

  /** The feed's iCalendar text, or null for an unknown or revoked token. */
  async calendar(token: string): Promise<string | null> {
    const tenant = await this.tenantOf(token);
    if (!tenant) return null;
    const db = new TenantDatabase(this.root, tenant);
    const reservations = await db.transaction((em) =>
      em.find(
        Reservation,
        { endTime: { $gte: new Date(this.now().getTime() - FEED_HISTORY_MS) } },
        { orderBy: { startTime: 'asc', id: 'asc' }, limit: FEED_MAX_EVENTS },
      ),
    );
    return reservationsCalendar(reservations);
  }
}
