import { Migration } from '@mikro-orm/migrations';
import {
  tenantRoleSql,
  tenantTableSql,
} from '../../../../platform/src/database/row-level-security';

/**
 * Tables, service settings, reservations and the table holds that PostgreSQL keeps from
 * overlapping. `btree_gist` lets one GiST exclusion constraint compare the tenant and table
 * (equality) with the time range (overlap). Extensions belong to the database, so it is created
 * once in `public`, under a transaction-level advisory lock so that services or test runs
 * migrating the same database at once do not race on it; a GiST index finds a type's default
 * operator class whatever schema holds it.
 */
export class Migration20261125000700Reservations extends Migration {
  override async up(): Promise<void> {
    this.addSql(`select pg_advisory_xact_lock(hashtext('sotto:extension:btree_gist'))`);
    this.addSql(`create extension if not exists btree_gist with schema public`);
    this.addSql(`
      create table "reservations"."dining_tables" (
        "uuid" uuid primary key,
        "restaurant_id" text not null,
        "environment" text not null,
        "code" text not null,
        "capacity" integer not null,
        "min_party_size" integer not null,
        "zone" text not null,
        "joinable_with" jsonb not null,
        "created_at" timestamptz not null,
        constraint "dining_tables_tenant_code_unique" unique ("restaurant_id", "environment", "code"),
        constraint "dining_tables_capacity_check" check (capacity >= 1 and min_party_size >= 1 and min_party_size <= capacity)
      )`);
    this.addSql(`
      create table "reservations"."floor_settings" (
        "uuid" uuid primary key,
        "restaurant_id" text not null,
        "environment" text not null,
        "time_zone" text not null,
        "opening_hours" jsonb not null,
        "durations" jsonb not null,
        constraint "floor_settings_tenant_unique" unique ("restaurant_id", "environment")
      )`);
    this.addSql(`
      create table "reservations"."reservations" (
        "id" text primary key,
        "restaurant_id" text not null,
        "environment" text not null,
        "status" text not null,
        "customer_name" text not null,
        "customer_phone" text null,
        "customer_email" text null,
        "party_size" integer not null,
        "start_time" timestamptz not null,
        "end_time" timestamptz not null,
        "table_ids" jsonb not null,
        "source" text not null,
        "external_id" text null,
        "notes" text not null,
        "version" integer not null,
        "created_at" timestamptz not null,
        "updated_at" timestamptz not null,
        constraint "reservations_channel_unique" unique ("restaurant_id", "environment", "source", "external_id"),
        constraint "reservations_party_size_check" check (party_size >= 1),
        constraint "reservations_time_check" check (end_time > start_time),
        constraint "reservations_status_check" check ("status" in
          ('pending', 'confirmed', 'arrived', 'seated', 'completed', 'cancelled', 'no_show')),
        constraint "reservations_source_check" check ("source" in
          ('phone', 'walk_in', 'voice', 'thefork', 'resy', 'opentable', 'zenchef', 'google_calendar', 'microsoft_365'))
      )`);
    this.addSql(
      `create index "reservations_tenant_start_idx" on "reservations"."reservations" ("restaurant_id", "environment", "start_time", "id")`,
    );
    this.addSql(`
      create table "reservations"."table_holds" (
        "uuid" uuid primary key,
        "reservation_id" text not null,
        "restaurant_id" text not null,
        "environment" text not null,
        "table_code" text not null,
        "start_time" timestamptz not null,
        "end_time" timestamptz not null,
        "active" boolean not null
      )`);
    this.addSql(
      `create index "table_holds_reservation_idx" on "reservations"."table_holds" ("reservation_id")`,
    );
    // No double booking, ever: two active holds of one table may not overlap in time.
    this.addSql(`
      alter table "reservations"."table_holds" add constraint "table_holds_no_overlap"
        exclude using gist ("restaurant_id" with =, "environment" with =, "table_code" with =,
          tstzrange("start_time", "end_time", '[)') with &&)
        where ("active")`);
    this.addSql(tenantRoleSql());
    for (const table of ['dining_tables', 'floor_settings', 'reservations', 'table_holds']) {
      for (const sql of tenantTableSql('reservations', table)) this.addSql(sql);
    }
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "reservations"."table_holds"');
    this.addSql('drop table if exists "reservations"."reservations"');
    this.addSql('drop table if exists "reservations"."floor_settings"');
    this.addSql('drop table if exists "reservations"."dining_tables"');
  }
}
