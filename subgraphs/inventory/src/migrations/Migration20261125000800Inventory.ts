import { Migration } from '@mikro-orm/migrations';
import {
  tenantRoleSql,
  tenantTableSql,
} from '../../../../platform/src/database/row-level-security';

/** Stock items, their ledger and recipes, each confined to its tenant by row-level security. */
export class Migration20261125000800Inventory extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "inventory"."inventory_items" (
        "id" text primary key,
        "restaurant_id" text not null,
        "environment" text not null,
        "sku" text null,
        "name" text not null,
        "unit" text not null,
        "quantity_milli" bigint not null,
        "low_stock_threshold_milli" bigint not null,
        "low_stock_since" timestamptz null,
        "created_at" timestamptz not null,
        "updated_at" timestamptz not null,
        constraint "inventory_items_tenant_sku_unique" unique ("restaurant_id", "environment", "sku"),
        constraint "inventory_items_unit_check" check ("unit" in ('unit', 'g', 'kg', 'ml', 'l')),
        constraint "inventory_items_quantity_check" check (quantity_milli >= 0),
        constraint "inventory_items_threshold_check" check (low_stock_threshold_milli >= 0)
      )`);
    this.addSql(
      `create index "inventory_items_tenant_idx" on "inventory"."inventory_items" ("restaurant_id", "environment", "id")`,
    );
    this.addSql(`
      create table "inventory"."stock_movements" (
        "id" text primary key,
        "item_id" text not null,
        "restaurant_id" text not null,
        "environment" text not null,
        "type" text not null,
        "delta_milli" bigint not null,
        "quantity_after_milli" bigint not null,
        "reason" text null,
        "actor_key_id" text null,
        "actor_role" text null,
        "source_key" text null,
        "order_id" text null,
        "order_item_id" text null,
        "created_at" timestamptz not null,
        constraint "stock_movements_tenant_source_unique" unique ("restaurant_id", "environment", "source_key"),
        constraint "stock_movements_type_check" check ("type" in ('receipt', 'sale', 'waste', 'adjustment', 'transfer')),
        constraint "stock_movements_quantity_after_check" check (quantity_after_milli >= 0)
      )`);
    this.addSql(`
      alter table "inventory"."stock_movements" add constraint "stock_movements_item_id_foreign"
        foreign key ("item_id") references "inventory"."inventory_items" ("id")
        on update cascade on delete cascade`);
    this.addSql(
      `create index "stock_movements_item_idx" on "inventory"."stock_movements" ("item_id", "id")`,
    );
    this.addSql(
      `create index "stock_movements_order_idx" on "inventory"."stock_movements" ("restaurant_id", "environment", "order_id")`,
    );
    this.addSql(`
      create table "inventory"."recipe_lines" (
        "uuid" uuid primary key,
        "restaurant_id" text not null,
        "environment" text not null,
        "menu_item_id" text not null,
        "item_id" text not null,
        "quantity_milli" bigint not null,
        constraint "recipe_lines_tenant_menu_item_unique" unique ("restaurant_id", "environment", "menu_item_id", "item_id"),
        constraint "recipe_lines_quantity_check" check (quantity_milli > 0)
      )`);
    this.addSql(`
      alter table "inventory"."recipe_lines" add constraint "recipe_lines_item_id_foreign"
        foreign key ("item_id") references "inventory"."inventory_items" ("id")
        on update cascade on delete cascade`);
    this.addSql(tenantRoleSql());
    for (const table of ['inventory_items', 'stock_movements', 'recipe_lines']) {
      for (const sql of tenantTableSql('inventory', table)) this.addSql(sql);
    }
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "inventory"."recipe_lines"');
    this.addSql('drop table if exists "inventory"."stock_movements"');
    this.addSql('drop table if exists "inventory"."inventory_items"');
  }
}
