import { Migration } from '@mikro-orm/migrations';

/**
 * The request log behind `GET /api/v1/logs`: one row per call an API key made (method, path or
 * route template, GraphQL operation name, status, latency, request id, time). Never a body, a
 * query string or a header. Rows are written in batches by the gateway and purged after the
 * retention (`SOTTO_REQUEST_LOG_RETENTION_DAYS`).
 */
export class Migration20261126040000RequestLog extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "gateway"."request_log" (
        "id" bigint generated always as identity primary key,
        "restaurant_id" text not null,
        "environment" text not null,
        "key_id" text not null,
        "request_id" text not null,
        "method" text not null,
        "path" text not null,
        "operation_name" text,
        "status" integer not null,
        "latency_ms" integer not null,
        "occurred_at" timestamptz not null
      )`);
    this.addSql(
      `create index "request_log_key_idx" on "gateway"."request_log"
         ("restaurant_id", "environment", "key_id", "occurred_at" desc, "id" desc)`,
    );
    this.addSql(
      `create index "request_log_occurred_idx" on "gateway"."request_log" ("occurred_at")`,
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "gateway"."request_log"');
  }
}
