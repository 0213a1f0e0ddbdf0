import { schemaNamedChangeNotificationsMigration } from '../../../../platform/src/database/change-notification-migration';

/** The reservations schema's change notifications name it, for the caches of one schema. */
export const Migration20261127160000ReservationsChangesNameSchema =
  schemaNamedChangeNotificationsMigration('reservations');
