import { z } from 'zod';
import { INSTANT_MESSAGE, isInstantWithOffset } from '../../../../platform/src/instant';
import type { ChannelAdapter, ChannelNotice, InboundChannel } from './inbound-channels';
import { parseNotification } from './inbound-channels';

/**
 * A booking as a platform without a public notification format (Resy, OpenTable, Zenchef)
 * posts it, through its connector or a middleware: our own shape, the REST layer's field names.
 * Validated here for shape; the booking rules (times, party, text) are the service's.
 */
const DirectBooking = z
  .object({
    external_id: z.string().trim().min(1).max(200),
    status: z.enum(['pending', 'confirmed', 'cancelled', 'no_show']).default('confirmed'),
    customer_name: z.string().max(200),
    customer_phone: z.string().max(40).nullish(),
    customer_email: z.string().max(254).nullish(),
    party_size: z.number().int(),
    start_time: z.string().max(40).refine(isInstantWithOffset, { message: INSTANT_MESSAGE }),
    duration_minutes: z.number().int().nullish(),
    notes: z.string().max(1000).nullish(),
  })
  .strict();

function directChannel(source: InboundChannel): ChannelAdapter<null> {
  return {
    source,
    shape: 'sotto',
    documentation: null,
    credentials: () => null,
    read: async (notification): Promise<ChannelNotice> => {
      const body = parseNotification(DirectBooking, notification);
      return {
        kind: 'booking',
        externalId: body.external_id,
        status: body.status,
        booking: {
          customerName: body.customer_name,
          customerPhone: body.customer_phone,
          customerEmail: body.customer_email,
          partySize: body.party_size,
          startTime: new Date(body.start_time),
          durationMinutes: body.duration_minutes,
          notes: body.notes,
        },
      };
    },
  };
}

export const resyChannel = directChannel('resy');
export const openTableChannel = directChannel('opentable');
export const zenchefChannel = directChannel('zenchef');
