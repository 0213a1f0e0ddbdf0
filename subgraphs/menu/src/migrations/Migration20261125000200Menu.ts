import { Migration } from '@mikro-orm/migrations';

export class Migration20261125000200Menu extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "menu"."menu_items" (
        "uuid" uuid primary key,
        "restaurant_id" text not null,
        "environment" text not null,
        "code" text not null,
        "name" text not null,
        "description" text not null,
        "category" text not null,
        "price_cents" integer not null,
        "tax_rate_basis_points" integer not null,
        "station" text not null,
        "modifiers" jsonb not null,
        "currency" text not null,
        "active" boolean not null,
        "created_at" timestamptz not null,
        "updated_at" timestamptz not null,
        constraint "menu_items_tenant_code_unique" unique ("restaurant_id", "environment", "code"),
        constraint "menu_items_price_cents_check" check ("price_cents" >= 0),
        constraint "menu_items_tax_rate_check" check ("tax_rate_basis_points" >= 0 and "tax_rate_basis_points" <= 10000)
      )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "menu"."menu_items"');
  }
}
