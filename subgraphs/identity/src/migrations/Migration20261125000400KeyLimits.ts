import { Migration } from '@mikro-orm/migrations';

/** A key may carry its own rate and connection limits. */
export class Migration20261125000400KeyLimits extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "identity"."api_keys" add column "rate_limit_per_minute" integer null`,
    );
    this.addSql(`alter table "identity"."api_keys" add column "max_connections" integer null`);
    this.addSql(`
      alter table "identity"."api_keys" add constraint "api_keys_limits_check"
        check (coalesce("rate_limit_per_minute", 1) > 0 and coalesce("max_connections", 1) > 0)`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "identity"."api_keys" drop constraint "api_keys_limits_check"`);
    this.addSql(`alter table "identity"."api_keys" drop column "max_connections"`);
    this.addSql(`alter table "identity"."api_keys" drop column "rate_limit_per_minute"`);
  }
}
