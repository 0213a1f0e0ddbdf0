import { Migration } from '@mikro-orm/migrations';
import {
  tenantRoleSql,
  tenantTableSql,
} from '../../../../platform/src/database/row-level-security';

/** Row-level security: tenant transactions see and write only their tenant's rows. */
export class Migration20261125000500MenuRowLevelSecurity extends Migration {
  override async up(): Promise<void> {
    this.addSql(tenantRoleSql());
    for (const sql of tenantTableSql('menu', 'menu_items')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql('drop policy if exists "menu_items_tenant_isolation" on "menu"."menu_items"');
    this.addSql('alter table "menu"."menu_items" disable row level security');
  }
}
