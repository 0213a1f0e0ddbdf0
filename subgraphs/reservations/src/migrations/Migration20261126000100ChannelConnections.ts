import { Migration } from '@mikro-orm/migrations';
import { secretKeyTableSql } from '../../../../platform/src/crypto/secret-key-store';
import { tenantTableSql } from '../../../../platform/src/database/row-level-security';

/**
 * Booking platforms connected to a restaurant: a tenant table, looked up by token hash across
 * tenants (as the service user) when a platform posts a notification. At most one live
 * connection per platform and tenant. The key that seals the platforms' credentials lives in
 * the schema too, out of the tenant role's reach.
 */
export class Migration20261126000100ChannelConnections extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "reservations"."channel_connections" (
        "id" text primary key,
        "restaurant_id" text not null,
        "environment" text not null,
        "source" text not null,
        "token_hash" text not null,
        "sealed_credentials" text null,
        "created_at" timestamptz not null,
        "revoked_at" timestamptz null,
        constraint "channel_connections_token_hash_unique" unique ("token_hash")
      )`);
    this.addSql(`
      create unique index "channel_connections_live_unique"
        on "reservations"."channel_connections" ("restaurant_id", "environment", "source")
        where "revoked_at" is null`);
    for (const sql of tenantTableSql('reservations', 'channel_connections')) this.addSql(sql);
    this.addSql(secretKeyTableSql('reservations'));
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "reservations"."secret_box_key"');
    this.addSql('drop table if exists "reservations"."channel_connections"');
  }
}
