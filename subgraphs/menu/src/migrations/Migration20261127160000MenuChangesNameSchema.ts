import { schemaNamedChangeNotificationsMigration } from '../../../../platform/src/database/change-notification-migration';

/** The menu schema's change notifications name it, for the caches of one schema. */
export const Migration20261127160000MenuChangesNameSchema =
  schemaNamedChangeNotificationsMigration('menu');
