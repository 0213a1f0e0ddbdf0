import { Migration } from '@mikro-orm/migrations';

/** The log sequence of the `payment.completed` that the order's `paid_cents` comes from. */
export class Migration20261127043000OrderPaidAsOfSeq extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "orders"."orders" add column "paid_as_of_seq" bigint not null default 0`,
    );
  }

  override async down(): Promise<void> {
    this.addSql('alter table "orders"."orders" drop column if exists "paid_as_of_seq"');
  }
}
