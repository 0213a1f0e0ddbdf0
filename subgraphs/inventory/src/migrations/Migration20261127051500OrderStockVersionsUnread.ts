import { Migration } from '@mikro-orm/migrations';
import {
  tenantChangeNotificationSql,
  unreadTableSql,
} from '../../../../platform/src/database/tenant-change-notification';

/**
 * The stock consumer's order versions are rewritten at every order event and read by no answer:
 * no change notification (each woke every gateway's read cache for the tenant once more).
 */
export class Migration20261127051500OrderStockVersionsUnread extends Migration {
  override async up(): Promise<void> {
    for (const sql of unreadTableSql('inventory', 'order_stock_versions')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql('comment on table "inventory"."order_stock_versions" is null');
    for (const sql of tenantChangeNotificationSql('inventory')) this.addSql(sql);
  }
}
