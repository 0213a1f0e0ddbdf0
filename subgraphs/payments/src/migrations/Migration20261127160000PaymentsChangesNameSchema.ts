import { schemaNamedChangeNotificationsMigration } from '../../../../platform/src/database/change-notification-migration';

/** The payments schema's change notifications name it, for the caches of one schema. */
export const Migration20261127160000PaymentsChangesNameSchema =
  schemaNamedChangeNotificationsMigration('payments');
