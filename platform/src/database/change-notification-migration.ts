import { Migration } from '@mikro-orm/migrations';
import type { Constructor } from '@mikro-orm/core';
import {
  dropTenantChangeNotificationSql,
  tenantChangeNotificationSql,
} from './tenant-change-notification';

/** The migration that makes every write to `schema`'s tenant tables notify at commit. */
export function changeNotificationsMigration(schema: string): Constructor<Migration> {
  return class ChangeNotifications extends Migration {
    override async up(): Promise<void> {
      for (const sql of tenantChangeNotificationSql(schema)) this.addSql(sql);
    }

    override async down(): Promise<void> {
      this.addSql(dropTenantChangeNotificationSql(schema));
    }
  };
}

/**
 * The migration that puts the schema's name in its notifications' payload
 * (`restaurant/environment/schema`), for the caches of one schema (`TenantChanges`); `down`
 * takes it out again.
 */
export function schemaNamedChangeNotificationsMigration(schema: string): Constructor<Migration> {
  return class SchemaNamedChangeNotifications extends Migration {
    override async up(): Promise<void> {
      for (const sql of tenantChangeNotificationSql(schema)) this.addSql(sql);
    }

    override async down(): Promise<void> {
      for (const sql of tenantChangeNotificationSql(schema, { namingSchema: false })) {
        this.addSql(sql);
      }
    }
  };
}
