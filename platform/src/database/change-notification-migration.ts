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
      for (const sql of tenantChangeNotificationSql(schema, { naming: 'schema' })) {
        this.addSql(sql);
      }
    }

    override async down(): Promise<void> {
      for (const sql of tenantChangeNotificationSql(schema, { naming: 'tenant' })) {
        this.addSql(sql);
      }
    }
  };
}

/**
 * The migration that puts the table's name in the schema's notifications' payload too
 * (`restaurant/environment/schema/table`), for the caches that read some of its tables only
 * (`TenantSchemaCache`'s `tables`); `down` takes it out again.
 */
export function tableNamedChangeNotificationsMigration(schema: string): Constructor<Migration> {
  return class TableNamedChangeNotifications extends Migration {
    override async up(): Promise<void> {
      for (const sql of tenantChangeNotificationSql(schema, { naming: 'table' })) {
        this.addSql(sql);
      }
    }

    override async down(): Promise<void> {
      for (const sql of tenantChangeNotificationSql(schema, { naming: 'schema' })) {
        this.addSql(sql);
      }
    }
  };
}
