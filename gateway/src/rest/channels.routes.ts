import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { INBOUND_CHANNELS } from '../../../subgraphs/reservations/src/channels/inbound-channels';
import { RestError } from '../http/error-envelope';
import type { RestRouteDeps } from './rest-api';
import { parseInput } from './validation';

const ChannelParams = z.object({ channel: z.enum(INBOUND_CHANNELS) }).strict();

const TheForkCredentials = z
  .object({
    client_id: z.string().trim().min(1).max(200),
    client_secret: z.string().min(1).max(500),
    restaurant_uuid: z.string().trim().min(1).max(100),
    api_url: z.string().max(500).nullish(),
    auth_url: z.string().max(500).nullish(),
  })
  .strict();

const ConnectBody = z.object({ credentials: TheForkCredentials.optional() }).strict();
const NotificationQuery = z.object({ token: z.string().max(100) }).strict();

interface GraphQLConnection {
  id: string;
  channel: string;
  notificationFormat: string;
  documentation: string | null;
  hasCredentials: boolean;
  createdAt: string;
  revokedAt: string | null;
}

const CONNECTION_FIELDS = `fragment RestChannelConnection on BookingChannelConnection {
  id channel notificationFormat documentation hasCredentials createdAt revokedAt }`;
const CONNECT = `mutation RestConnectBookingChannel($channel: BookingChannel!,
    $thefork: TheForkCredentialsInput) {
  connectBookingChannel(channel: $channel, thefork: $thefork) {
    url token connection { ...RestChannelConnection } }
} ${CONNECTION_FIELDS}`;
const LIST = `query RestBookingChannels { bookingChannels { ...RestChannelConnection } }
  ${CONNECTION_FIELDS}`;
const DISCONNECT = `mutation RestDisconnectBookingChannel($id: ID!) {
  disconnectBookingChannel(id: $id) { ...RestChannelConnection } } ${CONNECTION_FIELDS}`;
const RECEIVE = `mutation RestChannelNotification($channel: String!, $token: String!,
    $payload: String!) {
  receiveChannelNotification(channel: $channel, token: $token, payload: $payload) {
    outcome reason tableIds reservation { id status }
  } }`;

const connectionJson = (connection: GraphQLConnection) => ({
  connection_id: connection.id,
  channel: connection.channel.toLowerCase(),
  notification_format: connection.notificationFormat.toLowerCase(),
  documentation: connection.documentation,
  has_credentials: connection.hasCredentials,
  created_at: connection.createdAt,
  revoked_at: connection.revokedAt,
});

/** Neither the message nor the details repeat the token: it is a credential. */
const unknownConnection = () =>
  new RestError(
    'CHANNEL_NOT_FOUND',
    'This booking channel connection does not exist or was revoked',
  );

/**
 * Booking platforms (TheFork, Resy, OpenTable, Zenchef): a manager connects one and gets the
 * URL it must post its notifications to; the platform then posts there with no access token —
 * the token in the URL is the credential, as TheFork's webhook documentation has it.
 */
export function channelsRoutes(app: FastifyInstance, { execute, contextOf }: RestRouteDeps) {
  app.post<{ Params: { channel: string } }>(
    '/channels/:channel/connections',
    async (request, reply) => {
      const { channel } = parseInput(ChannelParams, request.params);
      const { credentials } = parseInput(ConnectBody, request.body ?? {});
      const { connectBookingChannel: created } = await execute<{
        connectBookingChannel: { url: string; token: string; connection: GraphQLConnection };
      }>(contextOf(request), CONNECT, {
        channel: channel.toUpperCase(),
        thefork: credentials && {
          clientId: credentials.client_id,
          clientSecret: credentials.client_secret,
          restaurantUuid: credentials.restaurant_uuid,
          apiUrl: credentials.api_url ?? null,
          authUrl: credentials.auth_url ?? null,
        },
      });
      return reply
        .code(201)
        .header('cache-control', 'no-store')
        .send({
          ...connectionJson(created.connection),
          notification_url: created.url,
          token: created.token,
        });
    },
  );

  app.get('/channels/connections', async (request) => {
    const { bookingChannels } = await execute<{ bookingChannels: GraphQLConnection[] }>(
      contextOf(request),
      LIST,
    );
    return { data: bookingChannels.map(connectionJson) };
  });

  app.delete<{ Params: { id: string } }>('/channels/connections/:id', async (request) => {
    const { disconnectBookingChannel } = await execute<{
      disconnectBookingChannel: GraphQLConnection;
    }>(contextOf(request), DISCONNECT, { id: request.params.id });
    return connectionJson(disconnectBookingChannel);
  });

  app.post<{ Params: { channel: string } }>(
    '/channels/:channel/notifications',
    { config: { auth: 'public', addressRateLimit: 'anonymous' } },
    async (request) => {
      const params = ChannelParams.safeParse(request.params);
      const query = NotificationQuery.safeParse(request.query);
      if (!params.success || !query.success) throw unknownConnection();
      const { receiveChannelNotification: receipt } = await execute<{
        receiveChannelNotification: {
          outcome: string;
          reason: string | null;
          tableIds: string[];
          reservation: { id: string; status: string } | null;
        };
      }>(contextOf(request), RECEIVE, {
        channel: params.data.channel,
        token: query.data.token,
        payload: JSON.stringify(request.body ?? null),
      });
      return {
        outcome: receipt.outcome.toLowerCase(),
        reason: receipt.reason,
        reservation_id: receipt.reservation?.id ?? null,
        status: receipt.reservation?.status.toLowerCase() ?? null,
        table_ids: receipt.tableIds,
      };
    },
  );
}
