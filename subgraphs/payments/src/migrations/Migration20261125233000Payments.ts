import { Migration } from '@mikro-orm/migrations';
import {
  tenantRoleSql,
  tenantTableSql,
} from '../../../../platform/src/database/row-level-security';
import { secretKeyTableSql } from '../../../../platform/src/crypto/secret-key-store';

/**
 * Payments, their refunds and the restaurants' terminal provider accounts, each confined to its
 * tenant by row-level security; and the key of the service's `SecretBox`, which the tenant role
 * is never granted.
 */
export class Migration20261125233000Payments extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "payments"."payments" (
        "id" text primary key,
        "restaurant_id" text not null,
        "environment" text not null,
        "order_id" text not null,
        "method" text not null,
        "status" text not null,
        "provider" text null,
        "terminal_id" text null,
        "amount_cents" integer not null,
        "tip_cents" integer not null,
        "refunded_cents" integer not null,
        "currency" text not null,
        "failure_reason" text null,
        "provider_reference" text null,
        "attempts" integer not null,
        "lease_until" timestamptz null,
        "expires_at" timestamptz null,
        "created_at" timestamptz not null,
        "updated_at" timestamptz not null,
        "completed_at" timestamptz null,
        constraint "payments_method_check" check ("method" in ('card', 'cash', 'meal_voucher')),
        constraint "payments_status_check" check ("status" in
          ('pending', 'processing', 'completed', 'failed')),
        constraint "payments_amount_check" check (amount_cents > 0),
        constraint "payments_tip_check" check (tip_cents >= 0),
        constraint "payments_refunded_check" check
          (refunded_cents >= 0 and refunded_cents <= amount_cents + tip_cents)
      )`);
    this.addSql(
      `create index "payments_tenant_order_idx" on "payments"."payments" ("restaurant_id", "environment", "order_id")`,
    );
    this.addSql(
      `create index "payments_runnable_idx" on "payments"."payments" ("status", "lease_until")`,
    );
    this.addSql(`
      create table "payments"."refunds" (
        "id" text primary key,
        "payment_id" text not null,
        "restaurant_id" text not null,
        "environment" text not null,
        "amount_cents" integer not null,
        "currency" text not null,
        "reason" text null,
        "status" text not null,
        "provider_reference" text null,
        "created_at" timestamptz not null,
        constraint "refunds_amount_check" check (amount_cents > 0)
      )`);
    this.addSql(`
      alter table "payments"."refunds" add constraint "refunds_payment_id_foreign"
        foreign key ("payment_id") references "payments"."payments" ("id")
        on update cascade on delete cascade`);
    this.addSql(`create index "refunds_payment_idx" on "payments"."refunds" ("payment_id", "id")`);
    this.addSql(`
      create table "payments"."provider_accounts" (
        "restaurant_id" text not null,
        "environment" text not null,
        "provider" text not null,
        "sealed_credentials" text not null,
        "created_at" timestamptz not null,
        "configured_at" timestamptz not null,
        constraint "provider_accounts_pkey" primary key ("restaurant_id", "environment", "provider")
      )`);
    this.addSql(secretKeyTableSql('payments'));
    this.addSql(tenantRoleSql());
    for (const table of ['payments', 'refunds', 'provider_accounts']) {
      for (const sql of tenantTableSql('payments', table)) this.addSql(sql);
    }
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "payments"."refunds"');
    this.addSql('drop table if exists "payments"."payments"');
    this.addSql('drop table if exists "payments"."provider_accounts"');
    this.addSql('drop table if exists "payments"."secret_box_key"');
  }
}
