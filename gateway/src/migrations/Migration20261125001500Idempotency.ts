import { Migration } from '@mikro-orm/migrations';

/**
 * The gateway's own schema: the answers to POSTs sent with an `Idempotency-Key`. A key is
 * unique within one restaurant and environment; `state` is `in_progress` while the first
 * request runs (held by `lock_id` until `locked_until`, after which a retry may take it over) and
 * `completed` once its answer is stored. Rows are purged after `expires_at`.
 */
export class Migration20261125001500Idempotency extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "gateway"."idempotency_keys" (
        "restaurant_id" text not null,
        "environment" text not null,
        "idempotency_key" text not null,
        "key_id" text not null,
        "fingerprint" text not null,
        "state" text not null check ("state" in ('in_progress', 'completed')),
        "lock_id" text not null,
        "locked_until" timestamptz not null,
        "response_status" integer,
        "response_headers" jsonb,
        "response_body" bytea,
        "created_at" timestamptz not null default now(),
        "expires_at" timestamptz not null,
        primary key ("restaurant_id", "environment", "idempotency_key")
      )`);
    this.addSql(
      `create index "idempotency_keys_expires_idx" on "gateway"."idempotency_keys" ("expires_at")`,
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "gateway"."idempotency_keys"');
  }
}
