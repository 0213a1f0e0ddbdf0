import { DateTimeScalar } from '../../../../platform/src/graphql/scalars';
import type {
  BookingChannel as GraphQLChannel,
  ChannelOutcome as GraphQLOutcome,
  NotificationFormat as GraphQLFormat,
  ReservationSource as GraphQLSource,
  ReservationStatus as GraphQLStatus,
  Resolvers,
} from '../__generated__/resolvers-types';
import type { InboundChannel } from '../channels/inbound-channels';
import { serviceSettingsFrom } from '../floor-management';
import type { DiningTable } from '../entities/dining-table.entity';
import type { ReservationSource } from '../entities/reservation.entity';
import type { ReservationStatus } from '../reservation-state-machine';

/** GraphQL enums are UPPER_CASE; the domain, the database and REST use lower_case. */
const toDomain = <T extends string>(value: string) => value.toLowerCase() as T;
const toGraphQL = <T extends string>(value: string) => value.toUpperCase() as T;

const present = (tables: (DiningTable | null)[]) =>
  tables.filter((table): table is DiningTable => table !== null);

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    reservation: (_root, { id }, { services }) => services.reservationById.load(id),
    reservations: (_root, args, { services }) =>
      services.reservations.list({
        date: args.date,
        statuses: args.status?.map((status) => toDomain<ReservationStatus>(status)),
        first: args.first,
        after: args.after,
      }),
    tables: (_root, _args, { services }) => services.reservations.tables(),
    tableAvailability: (_root, args, { services }) => services.reservations.availability(args),
    calendarFeed: (_root, { token }, { calendarFeedReader }) => calendarFeedReader.calendar(token),
    calendarFeeds: (_root, _args, { services }) => services.calendarFeeds.list(),
    bookingChannels: (_root, _args, { services }) => services.channels.list(),
    serviceSettings: (_root, _args, { services }) => services.floor.service(),
  },
  Mutation: {
    createReservation: (_root, { input }, { services }) =>
      services.reservations.create({
        ...input,
        source: input.source ? toDomain<ReservationSource>(input.source) : null,
        status: input.status ? toDomain<ReservationStatus>(input.status) : null,
      }),
    updateReservation: (_root, { id, input, expectedVersion }, { services }) =>
      services.reservations.update(id, input, expectedVersion),
    changeReservationStatus: (_root, { id, status, expectedVersion }, { services }) =>
      services.reservations.changeStatus(id, toDomain<ReservationStatus>(status), expectedVersion),
    createCalendarFeed: (_root, _args, { services }) => services.calendarFeeds.create(),
    revokeCalendarFeed: (_root, { id }, { services }) => services.calendarFeeds.revoke(id),
    connectBookingChannel: (_root, { channel, thefork }, { services }) =>
      services.channels.connect(toDomain<InboundChannel>(channel), thefork),
    disconnectBookingChannel: (_root, { id }, { services }) => services.channels.disconnect(id),
    setTable: (_root, { input }, { services }) =>
      services.floor.setTable({
        code: input.id,
        capacity: input.capacity,
        minPartySize: input.minPartySize ?? undefined,
        zone: input.zone,
        joinableWith: input.joinableWith ?? [],
      }),
    removeTable: (_root, { id }, { services }) => services.floor.removeTable(id),
    setServiceSettings: (_root, { input }, { services }) =>
      services.floor.setService(serviceSettingsFrom(input)),
    receiveChannelNotification: (_root, { channel, token, payload }, { channelInbox }) =>
      channelInbox.receive(channel, token, payload),
  },
  BookingChannelConnection: {
    channel: (connection) => toGraphQL<GraphQLChannel>(connection.source),
    notificationFormat: (connection, _args, { channelAdapters }) =>
      toGraphQL<GraphQLFormat>(channelAdapters[connection.source].shape),
    documentation: (connection, _args, { channelAdapters }) =>
      channelAdapters[connection.source].documentation,
    hasCredentials: (connection) => connection.sealedCredentials !== null,
  },
  NewBookingChannelConnection: {
    connection: (created) => created.connection,
  },
  ServiceSettings: {
    openingHours: (settings) =>
      Object.entries(settings.openingHours)
        .map(([weekday, periods]) => ({
          weekday: Number(weekday),
          services: (periods ?? []).map(([opens, closes]) => ({ opens, closes })),
        }))
        .sort((a, b) => a.weekday - b.weekday),
    durations: (settings) =>
      settings.durations.map((rule) => ({ upToPartySize: rule.upTo, minutes: rule.minutes })),
  },
  ChannelReceipt: {
    outcome: (receipt) => toGraphQL<GraphQLOutcome>(receipt.outcome),
    tableIds: (receipt) => receipt.reservation?.tableIds ?? [],
  },
  Reservation: {
    __resolveReference: (reference, { services }) => services.reservationById.load(reference.id),
    status: (reservation) => toGraphQL<GraphQLStatus>(reservation.status),
    source: (reservation) => toGraphQL<GraphQLSource>(reservation.source),
    durationMinutes: (reservation) => reservation.durationMinutes(),
    table: (reservation, _args, { services }) =>
      reservation.tableIds[0] ? services.tableByCode.load(reservation.tableIds[0]) : null,
    tables: async (reservation, _args, { services }) =>
      present(
        await services.tableByCode
          .loadMany(reservation.tableIds)
          .then((all) => all.map((table) => (table instanceof Error ? null : table))),
      ),
  },
  Table: {
    id: (table) => table.code,
    joinableWith: (table) => [...table.joinableWith],
  },
  TableAvailability: {
    combinations: (availability) => availability.combinations,
  },
  ReservationConnection: {
    nodes: (page) => page.reservations,
    pageInfo: (page) => ({ hasNextPage: page.hasNextPage, endCursor: page.endCursor }),
  },
  Order: {
    reservation: (order, _args, { services }) => services.reservationForOrder.load(order),
  },
};
