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
        "description" text not null default '',
        "category" text not null,
        "price_cents" integer not null check ("price_cents" >= 0),
        "tax_rate_basis_points" integer not null default 1000
          check ("tax_rate_basis_points" between 0 and 10000),
        "station" text not null,
        "modifiers" jsonb not null default '[]',
        "currency" char(3) not null default 'EUR',
        "active" boolean not null default true,
        "created_at" timestamptz not null,
        "updated_at" timestamptz not null,
        constraint "menu_items_tenant_code_unique" unique ("restaurant_id", "environment", "code")
      )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "menu"."menu_items"');
  }
}
