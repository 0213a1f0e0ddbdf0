import { requires, type SubgraphPermissions } from '../../../platform/src/graphql/shield';

/** Who may call what in schema/reservations.graphql. A root field without a rule is denied. */
export const reservationsPermissions: SubgraphPermissions = {
  Query: {
    reservation: requires('reservations:read'),
    reservations: requires('reservations:read'),
    tables: requires('reservations:read'),
    tableAvailability: requires('reservations:read'),
  },
  Mutation: {
    createReservation: requires('reservations:write'),
    updateReservation: requires('reservations:write'),
    changeReservationStatus: requires('reservations:write'),
  },
  entities: { Reservation: 'reservations:read', Order: 'reservations:read' },
};
