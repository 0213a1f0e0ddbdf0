import { Migration } from '@mikro-orm/migrations';
import { secretKeyTableSql } from '../../../../platform/src/crypto/secret-key-store';
import {
  tenantRoleSql,
  tenantTableSql,
} from '../../../../platform/src/database/row-level-security';

/**
 * Webhook endpoints, their deliveries (the durable queue the delivery worker claims from) and
 * every attempt, each confined to its tenant by row-level security; and the key that seals the
 * endpoints' secrets when `SOTTO_SECRETS_KEY` is not set.
 */
export class Migration20261126000000Webhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "webhooks"."webhook_endpoints" (
        "id" text primary key,
        "restaurant_id" text not null,
        "environment" text not null,
        "target_url" text not null,
        "events" text[] not null,
        "description" text null,
        "secret_sealed" text not null,
        "previous_secret_sealed" text null,
        "previous_secret_expires_at" timestamptz null,
        "status" text not null,
        "disabled_reason" text null,
        "disabled_at" timestamptz null,
        "failing_since" timestamptz null,
        "created_at" timestamptz not null,
        "updated_at" timestamptz not null,
        constraint "webhook_endpoints_status_check" check ("status" in ('enabled', 'disabled')),
        constraint "webhook_endpoints_events_check" check (cardinality("events") > 0)
      )`);
    this.addSql(
      `create index "webhook_endpoints_tenant_idx" on "webhooks"."webhook_endpoints" ("restaurant_id", "environment", "id")`,
    );
    this.addSql(`
      create table "webhooks"."webhook_deliveries" (
        "id" uuid primary key,
        "endpoint_id" text not null,
        "restaurant_id" text not null,
        "environment" text not null,
        "event_id" text not null,
        "event_type" text not null,
        "event_seq" bigint null,
        "ordering_key" text null,
        "body" text not null,
        "test" boolean not null,
        "status" text not null,
        "attempt_count" integer not null,
        "next_attempt_at" timestamptz null,
        "locked_until" timestamptz null,
        "delivered_at" timestamptz null,
        "created_at" timestamptz not null,
        constraint "webhook_deliveries_endpoint_event_unique" unique ("endpoint_id", "event_id"),
        constraint "webhook_deliveries_status_check" check ("status" in ('pending', 'succeeded', 'failed'))
      )`);
    this.addSql(`
      alter table "webhooks"."webhook_deliveries" add constraint "webhook_deliveries_endpoint_id_foreign"
        foreign key ("endpoint_id") references "webhooks"."webhook_endpoints" ("id")
        on update cascade on delete cascade`);
    this.addSql(
      `create index "webhook_deliveries_due_idx" on "webhooks"."webhook_deliveries" ("status", "next_attempt_at")`,
    );
    this.addSql(
      `create index "webhook_deliveries_ordering_idx" on "webhooks"."webhook_deliveries" ("endpoint_id", "ordering_key", "event_seq")`,
    );
    this.addSql(
      `create index "webhook_deliveries_endpoint_idx" on "webhooks"."webhook_deliveries" ("endpoint_id", "created_at")`,
    );
    this.addSql(`
      create table "webhooks"."webhook_attempts" (
        "id" bigserial primary key,
        "delivery_id" uuid not null,
        "endpoint_id" text not null,
        "restaurant_id" text not null,
        "environment" text not null,
        "number" integer not null,
        "started_at" timestamptz not null,
        "latency_ms" integer not null,
        "status_code" integer null,
        "error" text null,
        "succeeded" boolean not null
      )`);
    this.addSql(`
      alter table "webhooks"."webhook_attempts" add constraint "webhook_attempts_delivery_id_foreign"
        foreign key ("delivery_id") references "webhooks"."webhook_deliveries" ("id")
        on update cascade on delete cascade`);
    this.addSql(
      `create index "webhook_attempts_delivery_idx" on "webhooks"."webhook_attempts" ("delivery_id", "number")`,
    );
    this.addSql(
      `create index "webhook_attempts_endpoint_idx" on "webhooks"."webhook_attempts" ("endpoint_id", "started_at")`,
    );
    this.addSql(secretKeyTableSql('webhooks'));
    this.addSql(tenantRoleSql());
    for (const table of ['webhook_endpoints', 'webhook_deliveries', 'webhook_attempts']) {
      for (const sql of tenantTableSql('webhooks', table)) this.addSql(sql);
    }
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "webhooks"."webhook_attempts"');
    this.addSql('drop table if exists "webhooks"."webhook_deliveries"');
    this.addSql('drop table if exists "webhooks"."webhook_endpoints"');
    this.addSql('drop table if exists "webhooks"."secret_box_key"');
  }
}
