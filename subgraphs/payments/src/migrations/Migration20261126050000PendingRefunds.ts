import { Migration } from '@mikro-orm/migrations';

/**
 * Card refunds are written `pending` before the provider is asked: the statuses a refund may
 * take, and an index for the sweep that asks again about the refunds whose answer was lost.
 */
export class Migration20261126050000PendingRefunds extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table "payments"."refunds"
        add constraint "refunds_status_check" check ("status" in ('pending', 'succeeded', 'failed'))`);
    this.addSql(`
      create index "refunds_pending_idx" on "payments"."refunds" ("created_at")
        where "status" = 'pending'`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "payments"."refunds_pending_idx"`);
    this.addSql(`alter table "payments"."refunds" drop constraint "refunds_status_check"`);
  }
}
