import { Migration } from '@mikro-orm/migrations';
import {
  dropTenantChangeNotificationSql,
  tenantChangeNotificationSql,
} from '../../../../platform/src/database/tenant-change-notification';

/** Every write to a payments tenant table notifies the gateway's read cache at commit. */
export class Migration20261126070000PaymentsChangeNotifications extends Migration {
  override async up(): Promise<void> {
    for (const sql of tenantChangeNotificationSql('payments')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql(dropTenantChangeNotificationSql('payments'));
  }
}
