import { tableNamedChangeNotificationsMigration } from '../../../../platform/src/database/change-notification-migration';

/**
 * The reservations schema's change notifications name the table too: the floor (tables, service)
 * that each process keeps for availability stays kept while bookings change the holds.
 */
export const Migration20261129150000ReservationsChangesNameTable =
  tableNamedChangeNotificationsMigration('reservations');
