import { Migration } from '@mikro-orm/migrations';
import { tenantTableSql } from '../../../../platform/src/database/row-level-security';
import { tenantChangeNotificationSql } from '../../../../platform/src/database/tenant-change-notification';

/** The newest order version whose stock was reconciled, per order (see OrderStockVersion). */
export class Migration20261127040000OrderStockVersions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "inventory"."order_stock_versions" (
        "restaurant_id" text not null,
        "environment" text not null,
        "order_id" text not null,
        "version" integer not null,
        "updated_at" timestamptz not null,
        constraint "order_stock_versions_pkey" primary key ("restaurant_id", "environment", "order_id")
      )`);
    for (const sql of tenantTableSql('inventory', 'order_stock_versions')) this.addSql(sql);
    // The change trigger, as on every new tenant table; Migration20261127051500 takes it off.
    for (const sql of tenantChangeNotificationSql('inventory')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "inventory"."order_stock_versions"');
  }
}
