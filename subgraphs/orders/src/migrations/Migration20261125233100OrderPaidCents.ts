import { Migration } from '@mikro-orm/migrations';

/** What the order's payments have received, as the latest `payment.completed` reported it. */
export class Migration20261125233100OrderPaidCents extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "orders"."orders" add column "paid_cents" integer not null default 0`);
  }

  override async down(): Promise<void> {
    this.addSql('alter table "orders"."orders" drop column if exists "paid_cents"');
  }
}
