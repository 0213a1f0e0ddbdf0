import { Migration } from '@mikro-orm/migrations';
import { tenantRoleSql, tenantTableSql } from '../database/row-level-security';
import { TENANT_ROLE } from '../tenancy/tenant-database';

/**
 * The event log: one table shared by every service, in its own schema. `seq` is the global
 * order of appends; `tx_id` is the appending transaction, so that a reader can wait until every
 * transaction older than the ones it has seen has finished (see `readEvents`).
 */
export class Migration20261125000000EventLog extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "events"."event_log" (
        "seq" bigserial primary key,
        "id" text not null unique,
        "type" text not null,
        "restaurant_id" text not null,
        "environment" text not null,
        "aggregate_type" text not null,
        "aggregate_id" text not null,
        "payload" jsonb not null,
        "occurred_at" timestamptz not null default now(),
        "tx_id" xid8 not null default pg_current_xact_id()
      )`);
    this.addSql(`create index "event_log_tx_seq_idx" on "events"."event_log" ("tx_id", "seq")`);
    this.addSql(
      `create index "event_log_tenant_idx" on "events"."event_log" ("restaurant_id", "environment", "seq")`,
    );
    this.addSql(`
      create table "events"."consumer_cursors" (
        "consumer" text primary key,
        "tx_id" xid8 not null,
        "seq" bigint not null,
        "updated_at" timestamptz not null default now()
      )`);
    this.addSql(`
      create function "events"."notify_appended"() returns trigger language plpgsql as $$
      begin
        perform pg_notify('sotto_events', '');
        return null;
      end $$`);
    this.addSql(`
      create trigger "event_log_notify" after insert on "events"."event_log"
      for each statement execute function "events"."notify_appended"()`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "events"."consumer_cursors"');
    this.addSql('drop table if exists "events"."event_log"');
    this.addSql('drop function if exists "events"."notify_appended"()');
  }
}

/**
 * Tenant transactions append events as the `sotto_tenant` role, for their own tenant only;
 * readers (webhooks, subscriptions, cross-domain reactions) read as the service's own user.
 */
export class Migration20261125000050EventLogRowLevelSecurity extends Migration {
  override async up(): Promise<void> {
    this.addSql(tenantRoleSql());
    for (const sql of tenantTableSql('events', 'event_log', 'insert')) this.addSql(sql);
    this.addSql(`grant usage on sequence "events"."event_log_seq_seq" to ${TENANT_ROLE}`);
  }

  override async down(): Promise<void> {
    this.addSql('drop policy if exists "event_log_tenant_isolation" on "events"."event_log"');
    this.addSql('alter table "events"."event_log" disable row level security');
  }
}

/**
 * A tenant transaction may read its own tenant's events (the policy above confines it): a
 * consumer checks, under its locks, that the event it handles was not dropped meanwhile
 * (`isStillLogged`).
 */
export class Migration20261126150000EventLogTenantRead extends Migration {
  override async up(): Promise<void> {
    this.addSql(`grant select on "events"."event_log" to ${TENANT_ROLE}`);
  }

  override async down(): Promise<void> {
    this.addSql(`revoke select on "events"."event_log" from ${TENANT_ROLE}`);
  }
}

export const eventLogMigrations = [
  { name: 'Migration20261125000000EventLog', class: Migration20261125000000EventLog },
  {
    name: 'Migration20261125000050EventLogRowLevelSecurity',
    class: Migration20261125000050EventLogRowLevelSecurity,
  },
  {
    name: 'Migration20261126150000EventLogTenantRead',
    class: Migration20261126150000EventLogTenantRead,
  },
];
