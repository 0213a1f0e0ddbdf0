import { Migration } from '@mikro-orm/migrations';
import {
  tenantRoleSql,
  tenantTableSql,
} from '../../../../platform/src/database/row-level-security';

/** Row-level security: tenant transactions see and write only their tenant's rows. */
export class Migration20261125000600OrdersRowLevelSecurity extends Migration {
  override async up(): Promise<void> {
    this.addSql(tenantRoleSql());
    for (const sql of tenantTableSql('orders', 'orders')) this.addSql(sql);
    for (const sql of tenantTableSql('orders', 'order_items')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql('drop policy if exists "orders_tenant_isolation" on "orders"."orders"');
    this.addSql('alter table "orders"."orders" disable row level security');
    this.addSql('drop policy if exists "order_items_tenant_isolation" on "orders"."order_items"');
    this.addSql('alter table "orders"."order_items" disable row level security');
  }
}
