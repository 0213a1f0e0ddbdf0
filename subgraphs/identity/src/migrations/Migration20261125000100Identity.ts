import { Migration } from '@mikro-orm/migrations';

export class Migration20261125000100Identity extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "identity"."restaurants" (
        "id" text primary key,
        "name" text not null,
        "created_at" timestamptz not null
      )`);
    this.addSql(`
      create table "identity"."api_keys" (
        "id" text primary key,
        "restaurant_id" text not null,
        "environment" text not null,
        "role" text not null,
        "scopes" jsonb not null,
        "secret_hash" text not null,
        "display_prefix" text not null,
        "created_at" timestamptz not null,
        "revoked_at" timestamptz null,
        "last_used_at" timestamptz null,
        constraint "api_keys_secret_hash_unique" unique ("secret_hash"),
        constraint "api_keys_environment_check"
          check ("environment" in ('sandbox', 'staging', 'production'))
      )`);
    this.addSql(
      `create index "api_keys_restaurant_id_index" on "identity"."api_keys" ("restaurant_id")`,
    );
    this.addSql(`
      create table "identity"."signing_keys" (
        "kid" text primary key,
        "algorithm" text not null,
        "private_jwk" jsonb not null,
        "public_jwk" jsonb not null,
        "created_at" timestamptz not null,
        "retired_at" timestamptz null
      )`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "identity"."signing_keys"');
    this.addSql('drop table if exists "identity"."api_keys"');
    this.addSql('drop table if exists "identity"."restaurants"');
  }
}
