import {
  bootTestPlatform,
  type HttpAnswer,
  type TestPlatform,
  type TestTenant,
} from '../../../test/support/test-platform';
import { TenantDatabase } from '../../../platform/src/tenancy/tenant-database';
import { escapeText, foldLine } from '../src/icalendar';
import { at, fridayAhead } from './floor';

// The real iCalendar parser of Mozilla's calendar clients; its CommonJS build is `require`d.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ICAL = require('ical.js') as typeof import('ical.js', {
  with: { 'resolution-mode': 'import' },
}).default;

let platform: TestPlatform;

beforeAll(async () => {
  platform = await bootTestPlatform();
});
afterAll(() => platform?.stop());

const FRIDAY = fridayAhead();

const CREATE_FEED = `mutation { createCalendarFeed { id url token createdAt } }`;
const REVOKE_FEED = `mutation($id: ID!) { revokeCalendarFeed(id: $id) { id createdAt revokedAt } }`;

interface NewFeed {
  id: string;
  url: string;
  token: string;
  createdAt: string;
}

async function createFeed(tenant: TestTenant): Promise<NewFeed> {
  const answer = await tenant.graphql<{ createCalendarFeed: NewFeed }>(CREATE_FEED);
  expect(answer.body.errors).toBeUndefined();
  return answer.body.data!.createCalendarFeed;
}

/** Fetches a feed as a calendar would: no access token. */
const fetchFeed = (url: string) => platform.request('GET', url);

async function book(tenant: TestTenant, fields: Record<string, unknown>) {
  const answer = await tenant.rest('POST', '/reservations', {
    customer_name: 'Camille Martin',
    party_size: 2,
    start_time: at(FRIDAY, '20:00'),
    ...fields,
  });
  expect(answer.status).toBe(201);
  return answer.body as { reservation_id: string; start_time: string; end_time: string };
}

function eventsOf(answer: HttpAnswer<unknown>) {
  const calendar = new ICAL.Component(ICAL.parse(answer.text));
  expect(calendar.name).toBe('vcalendar');
  expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
  return calendar.getAllSubcomponents('vevent').map((vevent) => {
    const event = new ICAL.Event(vevent);
    return {
      uid: event.uid,
      summary: event.summary,
      description: event.description,
      start: event.startDate.toJSDate().toISOString(),
      end: event.endDate.toJSDate().toISOString(),
      startZone: event.startDate.zone?.tzid,
      status: String(vevent.getFirstPropertyValue('status')),
      stamp: vevent.getFirstPropertyValue('dtstamp'),
    };
  });
}

const iso = (instant: string) => new Date(instant).toISOString();

describe('iCalendar feed', () => {
  it('serves the restaurant reservations as RFC 5545 text that ical.js parses', async () => {
    const tenant = await platform.tenant();
    const feed = await createFeed(tenant);
    expect(feed.id).toMatch(/^cal_[0-9a-z]{26}$/);
    expect(feed.token).toMatch(/^ics_[0-9A-Za-z]{40}$/);
    expect(feed.url).toBe(`/api/v1/calendar/${feed.token}.ics`);

    const dinner = await book(tenant, {
      customer_name: 'Dupont, Jean; "VIP" \\ table',
      party_size: 4,
      notes: 'Anniversaire\nGâteau au chocolat, bougies; allergie aux noix',
    });
    const pair = await book(tenant, { party_size: 8, start_time: at(FRIDAY, '21:00') });
    const pending = await book(tenant, {
      customer_name: 'Léa Moreau',
      start_time: at(FRIDAY, '19:30'),
      status: 'pending',
    });

    const answer = await fetchFeed(feed.url);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    // Every line ends in CRLF and is at most 75 octets; a folded line goes on after one space.
    expect(answer.text.endsWith('\r\n')).toBe(true);
    const lines = answer.text.slice(0, -2).split('\r\n');
    for (const line of lines) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(lines.some((line) => line.startsWith(' '))).toBe(true);
    expect(answer.text).not.toMatch(/[^\r]\n/);

    const events = eventsOf(answer);
    expect(events.map((event) => event.uid).sort()).toEqual(
      [dinner, pair, pending].map((r) => `${r.reservation_id}@sotto`).sort(),
    );
    const byUid = new Map(events.map((event) => [event.uid, event]));
    const first = byUid.get(`${dinner.reservation_id}@sotto`)!;
    expect(first).toMatchObject({
      summary: 'Dupont, Jean; "VIP" \\ table · 4 pers. · table 5',
      start: iso(dinner.start_time),
      end: iso(dinner.end_time),
      startZone: 'UTC',
      status: 'CONFIRMED',
    });
    expect(first.description).toContain('Anniversaire\nGâteau au chocolat, bougies; allergie');
    expect(first.stamp).toBeTruthy();
    expect(byUid.get(`${pair.reservation_id}@sotto`)).toMatchObject({
      start: iso(pair.start_time),
      end: iso(pair.end_time),
    });
    expect(byUid.get(`${pair.reservation_id}@sotto`)!.summary).toMatch(
      /^Camille Martin · 8 pers\. · tables \d+\+\d+$/,
    );
    expect(byUid.get(`${pending.reservation_id}@sotto`)!.status).toBe('TENTATIVE');
  });

  it('keeps a cancelled reservation, marked STATUS:CANCELLED, so subscribers drop it', async () => {
    const tenant = await platform.tenant();
    const feed = await createFeed(tenant);
    const reservation = await book(tenant, {});
    const cancelled = await tenant.rest(
      'PATCH',
      `/reservations/${reservation.reservation_id}/status`,
      { status: 'cancelled' },
    );
    expect(cancelled.status).toBe(200);
    const events = eventsOf(await fetchFeed(feed.url));
    expect(events).toEqual([
      expect.objectContaining({
        uid: `${reservation.reservation_id}@sotto`,
        status: 'CANCELLED',
      }),
    ]);
  });

  it("never shows another tenant's reservations, even of the same restaurant", async () => {
    const mine = await platform.tenant();
    const other = await platform.tenant();
    const staging = await platform.tenant({
      restaurantId: mine.restaurantId,
      environment: 'staging',
    });
    const own = await book(mine, {});
    await book(other, { customer_name: 'Autre Restaurant' });
    await book(staging, { customer_name: 'Essai Staging' });
    const feed = await createFeed(mine);
    const otherFeed = await createFeed(other);

    const answer = await fetchFeed(feed.url);
    expect(eventsOf(answer).map((event) => event.uid)).toEqual([`${own.reservation_id}@sotto`]);
    expect(answer.text).not.toContain('Autre Restaurant');
    expect(answer.text).not.toContain('Essai Staging');
    expect(eventsOf(await fetchFeed(otherFeed.url)).map((event) => event.summary)).toEqual([
      expect.stringMatching(/^Autre Restaurant/),
    ]);
    // A feed of another tenant cannot be revoked: it is not found.
    const revoke = await mine.graphql(REVOKE_FEED, { id: otherFeed.id });
    expect(revoke.body.errors[0].extensions.code).toBe('CALENDAR_FEED_NOT_FOUND');
    expect((await fetchFeed(otherFeed.url)).status).toBe(200);
  });

  it('answers 404 in the envelope once revoked, and for an unknown token', async () => {
    const tenant = await platform.tenant();
    const feed = await createFeed(tenant);
    expect((await fetchFeed(feed.url)).status).toBe(200);
    const LIST = `{ calendarFeeds { id createdAt revokedAt } }`;
    const listed = await tenant.graphql(LIST);
    expect(listed.body.data.calendarFeeds).toEqual([
      { id: feed.id, createdAt: feed.createdAt, revokedAt: null },
    ]);
    expect(listed.text).not.toContain(feed.token);

    const revoked = await tenant.graphql(REVOKE_FEED, { id: feed.id });
    expect(revoked.body.errors).toBeUndefined();
    expect(revoked.body.data.revokeCalendarFeed).toEqual({
      id: feed.id,
      createdAt: feed.createdAt,
      revokedAt: expect.stringMatching(/Z$/),
    });
    expect((await tenant.graphql(LIST)).body.data.calendarFeeds).toEqual([]);
    const gone = await fetchFeed(feed.url);
    expect(gone.status).toBe(404);
    expect(gone.body.error).toMatchObject({ code: 'calendar_feed_not_found' });
    expect(gone.text).not.toContain(feed.token);

    const unknown = `ics_${'A'.repeat(40)}`;
    for (const path of [
      `/api/v1/calendar/${unknown}.ics`,
      '/api/v1/calendar/not-a-token.ics',
      `/api/v1/calendar/${feed.token.slice(0, -1)}B.ics`,
    ]) {
      const answer = await fetchFeed(path);
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toMatch(/not_found$/);
    }
    // Through GraphQL too, with or without an access token: null, not another tenant's feed.
    const query = 'query($token: String!) { calendarFeed(token: $token) }';
    expect((await tenant.graphql(query, { token: feed.token })).body.data).toEqual({
      calendarFeed: null,
    });
  });

  it('shows the token once: stored hashed, never echoed by another call', async () => {
    const tenant = await platform.tenant();
    const feed = await createFeed(tenant);
    const rows = await platform.platform.orms
      .reservations!.em.fork()
      .getConnection()
      .execute(`select * from "reservations"."calendar_feeds" where "id" = ?`, [feed.id]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(feed.token);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);

    const answers = [
      await fetchFeed(feed.url),
      await tenant.graphql(REVOKE_FEED, { id: feed.id }),
      await tenant.rest('GET', '/reservations'),
      await fetchFeed(feed.url),
    ];
    for (const answer of answers) expect(answer.text).not.toContain(feed.token);
    // The revocation's own answer has no token field at all.
    expect(Object.keys(answers[1]!.body.data.revokeCalendarFeed)).toEqual([
      'id',
      'createdAt',
      'revokedAt',
    ]);
  });

  it("keeps feeds in a tenant table: row-level security hides other tenants' feeds", async () => {
    const mine = await platform.tenant({ menu: false });
    const other = await platform.tenant({ menu: false });
    const ownFeed = await createFeed(mine);
    const otherFeed = await createFeed(other);
    const db = new TenantDatabase(platform.platform.orms.reservations!.em, {
      restaurantId: mine.restaurantId,
      environment: mine.environment,
    });
    // Raw SQL naming no tenant, inside the tenant's transaction: only its own feed.
    const rows = await db.transaction((em) =>
      em.execute<{ id: string }[]>(`select "id" from "reservations"."calendar_feeds"`),
    );
    expect(rows.map((row) => row.id)).toEqual([ownFeed.id]);
    expect(rows.map((row) => row.id)).not.toContain(otherFeed.id);
  });

  it('needs reservations:write to create or revoke a feed (it publishes guests), none to read one', async () => {
    const kitchen = await platform.tenant({ role: 'kitchen' });
    const refused = await kitchen.graphql(CREATE_FEED);
    expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
    // A read-only key may list reservations, not publish them at a URL that outlives it.
    const reader = await platform.tenant({ role: 'integrator', scopes: ['reservations:read'] });
    expect((await reader.graphql(CREATE_FEED)).body.errors[0].extensions.code).toBe('FORBIDDEN');
    const writer = await platform.tenant({
      restaurantId: reader.restaurantId,
      role: 'integrator',
      scopes: ['reservations:write'],
      menu: false,
    });
    const feed = await createFeed(writer);
    const revoke = await reader.graphql(REVOKE_FEED, { id: feed.id });
    expect(revoke.body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect((await writer.graphql(REVOKE_FEED, { id: feed.id })).body.errors).toBeUndefined();
    const anonymous = await platform.request('POST', '/graphql', { body: { query: CREATE_FEED } });
    expect(anonymous.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });
});

describe('iCalendar text', () => {
  it('escapes backslash, semicolon, comma and newlines', () => {
    expect(escapeText('a\\b;c,d\ne\r\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('folds at 75 octets without splitting a UTF-8 character', () => {
    const line = `SUMMARY:${'é'.repeat(100)}`;
    const folded = foldLine(line).split('\r\n');
    for (const part of folded) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
    expect(folded.slice(1).every((part) => part.startsWith(' '))).toBe(true);
    expect(folded.map((part, i) => (i ? part.slice(1) : part)).join('')).toBe(line);
  });
});
