import { Migration } from '@mikro-orm/migrations';
import {
  dropTenantChangeNotificationSql,
  tenantChangeNotificationSql,
} from '../../../../platform/src/database/tenant-change-notification';

/** Every write to a inventory tenant table notifies the gateway's read cache at commit. */
export class Migration20261126070000InventoryChangeNotifications extends Migration {
  override async up(): Promise<void> {
    for (const sql of tenantChangeNotificationSql('inventory')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql(dropTenantChangeNotificationSql('inventory'));
  }
}
