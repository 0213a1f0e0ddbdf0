import { deepFreeze } from '../deep-freeze';
import type { Tenant } from '../tenancy/tenant';
import { tenantChangeKey, tenantChangePayload } from './tenant-change-notification';
import type { TenantChanges } from './tenant-changes';

/** What the cache asks of `TenantChanges`. */
export type SchemaGenerations = Pick<TenantChanges, 'live' | 'schemaGenerationOf' | 'notified'>;

interface Entry<T> {
  generation: number;
  value: T;
}

/**
 * What one process keeps, per tenant, of data read from one schema alone (a menu, whether a
 * restaurant counts stock), until a change to the tenant's rows in that schema is notified
 * (`TenantChanges.schemaGenerationOf`): whoever commits it (a service, another replica, an
 * operator's SQL), the next read loads afresh. What is kept is frozen (`deepFreeze`): no
 * request can change what the next one reads. A value is kept only when no notification came
 * while it was being read, so a change committed after the read began is never kept past its
 * notification. While notifications are not flowing (`live` false, or not yet listening),
 * every read loads. Holds at most `maxTenants` tenants, the least recently read dropped first.
 */
export class TenantSchemaCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly schema: string,
    private readonly changes: Promise<SchemaGenerations>,
    private readonly maxTenants = 1_000,
  ) {
    // A listener that could not start leaves the cache unused; the reads still answer.
    changes.catch(() => undefined);
  }

  async get(tenant: Tenant, load: () => Promise<T>): Promise<T> {
    const changes = await this.changes.catch(() => null);
    if (!changes?.live) return load();
    const key = tenantChangeKey(tenant.restaurantId, tenant.environment);
    const generation = changes.schemaGenerationOf(key, this.schema);
    const kept = this.entries.get(key);
    if (kept) {
      this.entries.delete(key);
      if (kept.generation === generation) {
        this.entries.set(key, kept);
        return kept.value;
      }
    }
    const value = await load();
    if (changes.live && changes.schemaGenerationOf(key, this.schema) === generation) {
      this.entries.set(key, { generation, value: deepFreeze(value) });
      if (this.entries.size > this.maxTenants) {
        this.entries.delete(this.entries.keys().next().value!);
      }
    }
    return value;
  }

  /**
   * This process committed a change to the tenant's rows of the schema: what it keeps is read
   * again from the next request on, without waiting for the notification (which other
   * processes wait for), and a read under way when it committed is not kept.
   */
  async changed(tenant: Tenant): Promise<void> {
    const changes = await this.changes.catch(() => null);
    changes?.notified(tenantChangePayload(tenant.restaurantId, tenant.environment, this.schema));
  }

  /** Tenants kept (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }
}
