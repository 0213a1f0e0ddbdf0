import type { FastifyInstance } from 'fastify';
import { RestError } from '../http/error-envelope';
import { z } from 'zod';
import type { RestOperation } from './openapi/rest-operation';
import type { RestRouteDeps } from './rest-api';

/** What `createCalendarFeed` hands out; anything else cannot be a feed's token. */
const TOKEN = /^ics_[0-9A-Za-z]{40}$/;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The path carries a credential: the request log shows the route's template instead. */
    secretInPath?: boolean;
  }
}

export const CALENDAR_OPERATIONS: RestOperation[] = [
  {
    method: 'get',
    path: '/calendar/{token}.ics',
    operationId: 'getCalendarFeed',
    summary: "The restaurant's reservations as an iCalendar feed",
    description:
      'For Google Calendar or Microsoft 365 to subscribe to. No access token: the `ics_…` token is the credential, from `createCalendarFeed` in GraphQL.',
    tag: 'Calendar',
    access: 'public',
    params: z.object({ token: z.string().meta({ description: 'The `ics_…` token' }) }),
    responses: {
      200: {
        description: 'RFC 5545 calendar',
        contentType: 'text/calendar',
        headers: ['Cache-Control'],
      },
    },
    example: { params: { token: 'ics_…' } },
  },
];

const FEED = `query RestCalendarFeed($token: String!) { calendarFeed(token: $token) }`;

/** Neither the message nor the details repeat the token: it is a credential. */
const feedNotFound = () =>
  new RestError('CALENDAR_FEED_NOT_FOUND', 'This calendar feed does not exist or was revoked');

/**
 * `GET /calendar/{token}.ics`: a restaurant's reservations as an iCalendar feed, for Google
 * Calendar and Microsoft 365 to subscribe to. Calendars send no access token, so the route is
 * public, limited per client IP like anonymous GraphQL; the feed's token is the credential.
 */
export function calendarRoutes(app: FastifyInstance, { execute, contextOf }: RestRouteDeps) {
  const config = { auth: 'public', addressRateLimit: 'anonymous', secretInPath: true } as const;
  app.get<{ Params: { token: string } }>(
    '/calendar/:token.ics',
    { config },
    async (request, reply) => {
      const token = request.params.token;
      if (!TOKEN.test(token)) throw feedNotFound();
      const { calendarFeed } = await execute<{ calendarFeed: string | null }>(
        contextOf(request),
        FEED,
        { token },
      );
      if (calendarFeed === null) throw feedNotFound();
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .header('content-disposition', 'inline; filename="reservations.ics"')
        .send(calendarFeed);
    },
  );
}
