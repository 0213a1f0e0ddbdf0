import { deepFreeze } from '../deep-freeze';
import type { Tenant } from '../tenancy/tenant';
import { tenantChangeKey, tenantChangePayload } from './tenant-change-notification';
import type { TenantChanges } from './tenant-changes';

/** What the cache asks of `TenantChanges`. */
export type SchemaGenerations = Pick<TenantChanges, 'live' | 'schemaGenerationOf' | 'notified'>;

/**
 * This process committed a change to the tenant's rows of `schema`: every cache of the schema in
 * the process reads the tenant's data again from the next request on, without waiting for the
 * change's notification (see `TenantSchemaCache.changed`).
 */
export async function changedHere(
  changes: Promise<SchemaGenerations>,
  schema: string,
  tenant: Tenant,
): Promise<void> {
  const heard = await changes.catch(() => null);
  heard?.notified(tenantChangePayload(tenant.restaurantId, tenant.environment, schema));
}

interface Entry<T> {
  generation: number;
  value: T;
}

/**
 * What one process keeps, per tenant, of data read from one schema alone (a menu, whether a
 * restaurant counts stock), or per tenant and part of it (the recipes and stock of some menu
 * items), until a change to the tenant's rows in that schema is notified
 * (`TenantChanges.schemaGenerationOf`), or to its rows in some tables of it (`tables`):
 * whoever commits it (a service, another replica, an operator's SQL), the next read loads
 * afresh. What is kept is frozen (`deepFreeze`): no request can change what the next one
 * reads. A value is kept only when no notification came while it was being read, so a change
 * committed after the read began is never kept past its notification. While notifications
 * are not flowing (`live` false, or not yet listening), every read loads. Holds at most
 * `maxEntries` values, the least recently read dropped first.
 */
export class TenantSchemaCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  private readonly maxEntries: number;
  private readonly tables?: readonly string[];

  /**
   * `tables`: what is kept is read from these tables of the schema alone, and kept until a
   * change to one of them (when the schema's notifications name their table, see
   * `ChangeNaming`; else until a change to any).
   */
  constructor(
    private readonly schema: string,
    private readonly changes: Promise<SchemaGenerations>,
    options: { maxEntries?: number; tables?: readonly string[] } = {},
  ) {
    this.maxEntries = options.maxEntries ?? 1_000;
    this.tables = options.tables;
    // A listener that could not start leaves the cache unused; the reads still answer.
    changes.catch(() => undefined);
  }

  /** The tenant's value (of `part` of its data, when given), loaded when not kept or stale. */
  async get(tenant: Tenant, load: () => Promise<T>, part?: string): Promise<T> {
    const changes = await this.changes.catch(() => null);
    if (!changes?.live) return load();
    const key = tenantChangeKey(tenant.restaurantId, tenant.environment);
    const generation = changes.schemaGenerationOf(key, this.schema, this.tables);
    const entryKey = part === undefined ? key : `${key}\u0000${part}`;
    const kept = this.entries.get(entryKey);
    if (kept) {
      this.entries.delete(entryKey);
      if (kept.generation === generation) {
        this.entries.set(entryKey, kept);
        return kept.value;
      }
    }
    const value = await load();
    if (changes.live && changes.schemaGenerationOf(key, this.schema, this.tables) === generation) {
      this.entries.set(entryKey, { generation, value: deepFreeze(value) });
      if (this.entries.size > this.maxEntries) {
        this.entries.delete(this.entries.keys().next().value!);
      }
    }
    return value;
  }

  /**
   * The tenant's value, as `get` gives it; when it had to be loaded, also what `load` read along
   * with it (`along`, not kept): a caller that reads the kept value together with something it
   * reads every time sends them in one message while the value is not kept, and the fresh part
   * alone once it is.
   */
  async getAlong<U>(
    tenant: Tenant,
    load: () => Promise<{ value: T; along: U }>,
    part?: string,
  ): Promise<{ value: T; along?: U }> {
    let loaded: { along: U } | undefined;
    const value = await this.get(
      tenant,
      async () => {
        const read = await load();
        loaded = read;
        return read.value;
      },
      part,
    );
    return loaded ? { value, along: loaded.along } : { value };
  }

  /**
   * This process committed a change to the tenant's rows of the schema: what it keeps is read
   * again from the next request on, without waiting for the notification (which other
   * processes wait for), and a read under way when it committed is not kept.
   */
  changed(tenant: Tenant): Promise<void> {
    return changedHere(this.changes, this.schema, tenant);
  }

  /** Values kept (for tests and metrics). */
  get size(): number {
    return this.entries.size;
  }
}
