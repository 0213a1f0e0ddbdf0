import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DomainError, ValidationFailed } from '../../../../platform/src/errors';
import type { Environment } from '../../../../platform/src/tenancy/tenant';
import {
  parseNotification,
  type ChannelAdapter,
  type ChannelNotice,
  type ChannelStatus,
} from './inbound-channels';

/**
 * TheFork (LaFourchette), from its public B2B API documentation:
 * - event webhooks (https://docs.thefork.io/B2B-API/event-webhook-flow): TheFork posts
 *   `{entityType, uuid, eventType, groupUuid, restaurantUuid}` to a URL the restaurant gives,
 *   carrying a token of its choice in the query string; the receiver fetches the latest data
 *   with the uuid and acknowledges with a 200;
 * - `GET /manager/v1/reservations/{id}` (reservationUuid, restaurantUuid, mealDate, partySize,
 *   status RECORDED | CONFIRMED | CANCELED | NO_SHOW | REQUESTED | REFUSED | REJECTED,
 *   customerNote, customerUuid) and `GET /manager/v1/customers/{id}`;
 * - an Auth0 client-credentials token (`POST https://auth.thefork.io/oauth/token`, audience
 *   `https://api.thefork.io`), valid for hours, reused until shortly before it expires.
 * The customer's field names (firstName, lastName, email, phone or phoneNumber) follow TheFork's
 * reservation-creation examples: the customer endpoint's own schema is not public.
 */
export const THEFORK_DOCUMENTATION = 'https://docs.thefork.io/B2B-API/event-webhook-flow';
const API_URL = 'https://api.thefork.io/manager';
const AUTH_URL = 'https://auth.thefork.io/oauth/token';
const AUDIENCE = 'https://api.thefork.io';
/** A token is renewed this long before TheFork says it expires. */
const TOKEN_MARGIN_MS = 60_000;

const uuid = z.string().trim().min(1).max(100);
const httpsUrl = z.url({ protocol: /^https?$/ }).max(500);

const Credentials = z
  .object({
    clientId: z.string().trim().min(1).max(200),
    clientSecret: z.string().min(1).max(500),
    restaurantUuid: uuid,
    /** Another API or token endpoint: TheFork's sandbox, or a local fake outside production. */
    apiUrl: httpsUrl.nullish(),
    authUrl: httpsUrl.nullish(),
  })
  .strict();
export type TheForkCredentials = z.infer<typeof Credentials>;

const Notification = z.object({
  entityType: z.string().max(50),
  uuid,
  eventType: z.string().max(50),
  groupUuid: uuid.nullish(),
  restaurantUuid: uuid.nullish(),
});

const TheForkReservation = z.object({
  reservationUuid: uuid,
  restaurantUuid: uuid,
  mealDate: z.string().max(40),
  partySize: z.number().int(),
  status: z.string().max(30),
  customerNote: z.string().max(1000).nullish(),
  customerUuid: uuid.nullish(),
});

const TheForkCustomer = z.object({
  firstName: z.string().max(100).nullish(),
  lastName: z.string().max(100).nullish(),
  email: z.string().max(254).nullish(),
  phone: z.string().max(40).nullish(),
  phoneNumber: z.string().max(40).nullish(),
});

const TokenAnswer = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().positive(),
});

/** TheFork's statuses; the secondary ones (requested, refused, rejected) included. */
const STATUSES: Record<string, ChannelStatus> = {
  RECORDED: 'confirmed',
  CONFIRMED: 'confirmed',
  REQUESTED: 'pending',
  CANCELED: 'cancelled',
  REFUSED: 'cancelled',
  REJECTED: 'cancelled',
  NO_SHOW: 'no_show',
};

const unavailable = (message: string) =>
  new DomainError('CHANNEL_UNAVAILABLE', `TheFork: ${message}`);

export class TheForkChannel implements ChannelAdapter<TheForkCredentials> {
  readonly source = 'thefork' as const;
  readonly shape = 'documented' as const;
  readonly documentation = THEFORK_DOCUMENTATION;
  private readonly tokens = new Map<string, { token: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  credentials(input: unknown, environment: Environment): TheForkCredentials {
    const credentials = parseNotification(Credentials, input ?? {});
    // Other endpoints (a fake, TheFork's sandbox) only in our sandbox: elsewhere they would let a
    // key make the platform call any address and report what answered.
    if (environment !== 'sandbox' && (credentials.apiUrl || credentials.authUrl)) {
      throw new ValidationFailed(
        'INVALID_FIELD',
        'Only the sandbox may use other TheFork endpoints',
        [
          {
            field: credentials.apiUrl ? 'apiUrl' : 'authUrl',
            message: 'allowed in the sandbox only',
          },
        ],
      );
    }
    return credentials;
  }

  async read(
    input: unknown,
    credentials: TheForkCredentials | null,
    signal: AbortSignal,
  ): Promise<ChannelNotice> {
    if (!credentials) throw unavailable('the connection has no API credentials');
    const notification = parseNotification(Notification, input);
    if (notification.entityType !== 'reservation') {
      return { kind: 'ignored', reason: `a ${notification.entityType} event` };
    }
    if (notification.restaurantUuid && notification.restaurantUuid !== credentials.restaurantUuid) {
      return { kind: 'ignored', reason: 'another TheFork restaurant' };
    }
    const reservation = TheForkReservation.safeParse(
      await this.get(
        credentials,
        `/v1/reservations/${encodeURIComponent(notification.uuid)}`,
        signal,
      ),
    );
    if (!reservation.success) throw unavailable('the reservation is not in the documented shape');
    const booking = reservation.data;
    if (booking.restaurantUuid !== credentials.restaurantUuid) {
      return { kind: 'ignored', reason: 'another TheFork restaurant' };
    }
    const status = STATUSES[booking.status];
    if (!status) throw unavailable(`unknown reservation status '${booking.status}'`);
    const customer = booking.customerUuid
      ? TheForkCustomer.safeParse(
          await this.get(
            credentials,
            `/v1/customers/${encodeURIComponent(booking.customerUuid)}`,
            signal,
          ),
        )
      : null;
    const guest = customer?.success ? customer.data : {};
    const name = [guest.firstName, guest.lastName].filter(Boolean).join(' ').trim();
    return {
      kind: 'booking',
      externalId: booking.reservationUuid,
      status,
      booking: {
        customerName: name || 'TheFork guest',
        customerPhone: guest.phone ?? guest.phoneNumber ?? null,
        customerEmail: guest.email ?? null,
        partySize: booking.partySize,
        startTime: new Date(booking.mealDate),
        notes: booking.customerNote ?? null,
      },
    };
  }

  private async get(credentials: TheForkCredentials, path: string, signal: AbortSignal) {
    const base = (credentials.apiUrl ?? API_URL).replace(/\/+$/, '');
    const response = await this.fetch(`${base}${path}`, signal, {
      headers: {
        authorization: `Bearer ${await this.token(credentials, signal)}`,
        accept: 'application/json',
      },
    });
    if (response.status === 401) this.tokens.delete(this.tokenKey(credentials));
    if (!response.ok) throw unavailable(`GET ${path.split('/')[2]} answered ${response.status}`);
    return response.json().catch(() => {
      throw unavailable('answered with a body that is not JSON');
    });
  }

  /**
   * Tokens are reused per credentials, secret included: a restaurant that connects with
   * another's client id but not its secret never gets that restaurant's token.
   */
  private tokenKey(credentials: TheForkCredentials): string {
    const secret = createHash('sha256').update(credentials.clientSecret).digest('hex');
    return `${credentials.authUrl ?? AUTH_URL} ${credentials.clientId} ${secret}`;
  }

  private async token(credentials: TheForkCredentials, signal: AbortSignal): Promise<string> {
    const key = this.tokenKey(credentials);
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt > this.now()) return cached.token;
    const response = await this.fetch(credentials.authUrl ?? AUTH_URL, signal, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
        audience: AUDIENCE,
      }),
    });
    if (!response.ok) throw unavailable(`the token endpoint answered ${response.status}`);
    const answer = TokenAnswer.safeParse(await response.json().catch(() => null));
    if (!answer.success) throw unavailable('the token endpoint answered an unknown shape');
    const expiresAt = this.now() + answer.data.expires_in * 1000 - TOKEN_MARGIN_MS;
    this.tokens.set(key, { token: answer.data.access_token, expiresAt });
    return answer.data.access_token;
  }

  private async fetch(url: string, signal: AbortSignal, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, { ...init, signal, redirect: 'error' });
    } catch {
      throw unavailable(signal.aborted ? 'did not answer in time' : 'could not be reached');
    }
  }
}
