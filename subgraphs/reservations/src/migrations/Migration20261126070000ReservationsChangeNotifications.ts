import { Migration } from '@mikro-orm/migrations';
import {
  dropTenantChangeNotificationSql,
  tenantChangeNotificationSql,
} from '../../../../platform/src/database/tenant-change-notification';

/** Every write to a reservations tenant table notifies the gateway's read cache at commit. */
export class Migration20261126070000ReservationsChangeNotifications extends Migration {
  override async up(): Promise<void> {
    for (const sql of tenantChangeNotificationSql('reservations')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql(dropTenantChangeNotificationSql('reservations'));
  }
}
