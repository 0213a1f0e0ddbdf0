import type { z } from 'zod';
import { ValidationFailed } from '../../../../platform/src/errors';
import { zodProblems } from '../../../../platform/src/zod-problems';
import type { Environment } from '../../../../platform/src/tenancy/tenant';
import type { BookingInput } from '../booking-input';
import type { ReservationStatus } from '../reservation-state-machine';

/** The booking platforms that notify a restaurant of their bookings (calendars only subscribe). */
export const INBOUND_CHANNELS = ['thefork', 'resy', 'opentable', 'zenchef'] as const;
export type InboundChannel = (typeof INBOUND_CHANNELS)[number];

export function isInboundChannel(value: string): value is InboundChannel {
  return (INBOUND_CHANNELS as readonly string[]).includes(value);
}

/** The statuses a platform can report; the others (arrived, seated…) happen in the restaurant. */
export type ChannelStatus = Extract<
  ReservationStatus,
  'pending' | 'confirmed' | 'cancelled' | 'no_show'
>;

/** What a platform's notification means for the restaurant, whatever its shape. */
export type ChannelNotice =
  | {
      kind: 'booking';
      /** The platform's own id of the booking: re-sending it updates the same reservation. */
      externalId: string;
      status: ChannelStatus;
      booking: BookingInput;
    }
  /** A notification that concerns no booking of this restaurant (a customer, a review…). */
  | { kind: 'ignored'; reason: string };

/**
 * One booking platform: how its credentials are checked, and how one of its notifications is
 * read — from the body alone, or by fetching the booking from the platform's API as its
 * documentation asks.
 */
export interface ChannelAdapter<Credentials = unknown> {
  readonly source: InboundChannel;
  /** `documented`: the platform's public notification shape; `sotto`: ours (see the README). */
  readonly shape: 'documented' | 'sotto';
  /** The documentation followed, when the shape is the platform's. */
  readonly documentation: string | null;
  /**
   * Validates the API credentials a restaurant gives when connecting the platform; null when the
   * platform needs none. Throws `ValidationFailed` naming the field.
   */
  credentials(input: unknown, environment: Environment): Credentials | null;
  /** Reads one notification; throws `ValidationFailed` on a body of the wrong shape. */
  read(
    notification: unknown,
    credentials: Credentials | null,
    signal: AbortSignal,
  ): Promise<ChannelNotice>;
}

/** Parses a notification body; problems become one INVALID_FIELD naming each field. */
export function parseNotification<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
): z.infer<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = zodProblems(result.error);
  throw new ValidationFailed(
    'INVALID_FIELD',
    `Invalid notification: ${problems[0]!.field} ${problems[0]!.message}`,
    problems,
  );
}
