import { Migration } from '@mikro-orm/migrations';

export class Migration20261125000300Orders extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "orders"."orders" (
        "id" text primary key,
        "restaurant_id" text not null,
        "environment" text not null,
        "status" text not null,
        "table_id" text null,
        "server_id" text null,
        "subtotal_cents" integer not null,
        "tax_cents" integer not null,
        "total_cents" integer not null,
        "currency" text not null,
        "version" integer not null,
        "created_at" timestamptz not null,
        "updated_at" timestamptz not null,
        constraint "orders_status_check" check ("status" in
          ('created', 'in_progress', 'ready', 'served', 'paid', 'closed', 'cancelled'))
      )`);
    this.addSql(
      `create index "orders_tenant_status_idx" on "orders"."orders" ("restaurant_id", "environment", "status", "id")`,
    );
    this.addSql(`
      create table "orders"."order_items" (
        "id" text primary key,
        "order_id" text not null,
        "position" integer not null,
        "restaurant_id" text not null,
        "environment" text not null,
        "menu_item_id" text not null,
        "name" text not null,
        "quantity" integer not null,
        "unit_price_cents" integer not null,
        "tax_rate_basis_points" integer not null,
        "station" text not null,
        "modifiers" jsonb not null,
        "notes" text not null,
        "status" text not null,
        "created_at" timestamptz not null,
        "updated_at" timestamptz not null,
        constraint "order_items_quantity_check" check ("quantity" >= 1),
        constraint "order_items_status_check" check ("status" in
          ('pending', 'preparing', 'ready', 'served', 'cancelled'))
      )`);
    this.addSql(`
      alter table "orders"."order_items" add constraint "order_items_order_id_foreign"
        foreign key ("order_id") references "orders"."orders" ("id")
        on update cascade on delete cascade`);
    this.addSql(
      `create index "order_items_order_id_idx" on "orders"."order_items" ("order_id", "position")`,
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "orders"."order_items"');
    this.addSql('drop table if exists "orders"."orders"');
  }
}
