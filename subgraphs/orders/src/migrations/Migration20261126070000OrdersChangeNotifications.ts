import { changeNotificationsMigration } from '../../../../platform/src/database/change-notification-migration';

/** Every write to a orders tenant table notifies the gateway's read cache at commit. */
export const Migration20261126070000OrdersChangeNotifications =
  changeNotificationsMigration('orders');
