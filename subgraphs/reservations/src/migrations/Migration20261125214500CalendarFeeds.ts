import { Migration } from '@mikro-orm/migrations';
import { tenantTableSql } from '../../../../platform/src/database/row-level-security';

/**
 * The restaurants' iCalendar feeds: a tenant table like the others, but looked up by token hash
 * across tenants (as the service user) when a calendar fetches its feed.
 */
export class Migration20261125214500CalendarFeeds extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "reservations"."calendar_feeds" (
        "id" text primary key,
        "restaurant_id" text not null,
        "environment" text not null,
        "token_hash" text not null,
        "created_at" timestamptz not null,
        "revoked_at" timestamptz null,
        constraint "calendar_feeds_token_hash_unique" unique ("token_hash")
      )`);
    for (const sql of tenantTableSql('reservations', 'calendar_feeds')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "reservations"."calendar_feeds"');
  }
}
