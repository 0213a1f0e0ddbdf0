import { allow, requires, type SubgraphPermissions } from '../../../platform/src/graphql/shield';

/** Who may call what in schema/reservations.graphql. A root field without a rule is denied. */
export const reservationsPermissions: SubgraphPermissions = {
  Query: {
    reservation: requires('reservations:read'),
    reservations: requires('reservations:read'),
    tables: requires('reservations:read'),
    tableAvailability: requires('reservations:read'),
    // The feed's token is the credential: calendars subscribe without an access token.
    calendarFeed: allow,
    calendarFeeds: requires('reservations:read'),
    bookingChannels: requires('channels:manage'),
    serviceSettings: requires('reservations:read'),
  },
  Mutation: {
    createReservation: requires('reservations:write'),
    updateReservation: requires('reservations:write'),
    changeReservationStatus: requires('reservations:write'),
    createCalendarFeed: requires('reservations:write'),
    revokeCalendarFeed: requires('reservations:write'),
    connectBookingChannel: requires('channels:manage'),
    disconnectBookingChannel: requires('channels:manage'),
    setTable: requires('floor:manage'),
    removeTable: requires('floor:manage'),
    setServiceSettings: requires('floor:manage'),
    // The connection's token is the credential: platforms post without an access token.
    receiveChannelNotification: allow,
  },
  entities: { Reservation: 'reservations:read', Order: 'reservations:read' },
};
