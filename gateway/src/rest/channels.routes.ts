import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { INBOUND_CHANNELS } from '../../../subgraphs/reservations/src/channels/inbound-channels';
import { RestError } from '../http/error-envelope';
import { instant, list, lowerCase } from './openapi/json-schemas';
import {
  IdParams,
  requestSchema,
  responseSchema,
  type RestOperation,
} from './openapi/rest-operation';
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

const ConnectBody = requestSchema(
  'ChannelConnectionRequest',
  z
    .object({
      credentials: TheForkCredentials.optional().meta({
        description: "TheFork's API client, to read the bookings its notifications name",
      }),
    })
    .strict(),
);
const NotificationQuery = z
  .object({ token: z.string().max(100).meta({ description: 'The `bkc_…` token of the URL' }) })
  .strict();
/** Whatever the platform posts: its adapter reads it. */
const NotificationBody = requestSchema(
  'ChannelNotificationRequest',
  z.unknown().meta({ description: "The platform's own notification JSON" }),
);

const ConnectionJson = responseSchema(
  'ChannelConnection',
  z.object({
    connection_id: z.string(),
    channel: z.enum(INBOUND_CHANNELS),
    notification_format: z.enum(['documented', 'sotto']),
    documentation: z.string().nullable(),
    has_credentials: z.boolean(),
    created_at: instant,
    revoked_at: instant.nullable(),
  }),
  { description: 'A booking platform connected to the restaurant' },
);
const NewConnectionJson = responseSchema(
  'NewChannelConnection',
  ConnectionJson.extend({
    notification_url: z.string().meta({ description: 'Where the platform must post; a secret' }),
    token: z.string().meta({ description: 'Shown only now' }),
  }),
);
const ConnectionListJson = responseSchema('ChannelConnectionList', list(ConnectionJson));
const ReceiptJson = responseSchema(
  'ChannelNotificationReceipt',
  z.object({
    outcome: z.enum(['created', 'updated', 'unchanged', 'ignored']),
    reason: z.string().nullable(),
    reservation_id: z.string().nullable(),
    status: z.string().nullable(),
    table_ids: z.array(z.string()),
  }),
);

export const CHANNEL_OPERATIONS: RestOperation[] = [
  {
    method: 'post',
    path: '/channels/{channel}/connections',
    operationId: 'connectBookingChannel',
    summary: 'Connect a booking platform',
    description: 'Connecting again replaces the previous connection (and its URL).',
    tag: 'Channels',
    params: ChannelParams,
    body: ConnectBody,
    bodyRequired: false,
    responses: {
      201: {
        description: 'The connection and, once, its notification URL',
        schema: NewConnectionJson,
        headers: ['Cache-Control'],
      },
    },
    example: { params: { channel: 'zenchef' }, body: {} },
  },
  {
    method: 'get',
    path: '/channels/connections',
    operationId: 'listBookingChannels',
    summary: 'List the connected booking platforms',
    tag: 'Channels',
    responses: { 200: { description: 'The live connections', schema: ConnectionListJson } },
  },
  {
    method: 'delete',
    path: '/channels/connections/{id}',
    operationId: 'disconnectBookingChannel',
    summary: 'Revoke a connection',
    tag: 'Channels',
    params: IdParams,
    responses: { 200: { description: 'The revoked connection', schema: ConnectionJson } },
    example: { params: { id: 'bkc_1' } },
  },
  {
    method: 'post',
    path: '/channels/{channel}/notifications',
    operationId: 'receiveChannelNotification',
    summary: "A booking platform's notification",
    description:
      'Posted by the platform, without an access token: the token in the URL is the credential.',
    tag: 'Channels',
    access: 'public',
    params: ChannelParams,
    query: NotificationQuery,
    body: NotificationBody,
    bodyRequired: false,
    responses: { 200: { description: 'What the notification did', schema: ReceiptJson } },
    errors: [404, 409, 502],
    example: {
      params: { channel: 'zenchef' },
      query: { token: 'bkc_…' },
      body: { event: 'booking.created', booking: { id: 'zc_123', people: 4 } },
    },
  },
];

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

const connectionJson = (connection: GraphQLConnection): z.infer<typeof ConnectionJson> => ({
  connection_id: connection.id,
  channel: lowerCase(connection.channel),
  notification_format: lowerCase(connection.notificationFormat),
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
      const answer: z.infer<typeof NewConnectionJson> = {
        ...connectionJson(created.connection),
        notification_url: created.url,
        token: created.token,
      };
      return reply.code(201).header('cache-control', 'no-store').send(answer);
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
      const answer: z.infer<typeof ReceiptJson> = {
        outcome: lowerCase(receipt.outcome),
        reason: receipt.reason,
        reservation_id: receipt.reservation?.id ?? null,
        status: receipt.reservation?.status.toLowerCase() ?? null,
        table_ids: receipt.tableIds,
      };
      return answer;
    },
  );
}
