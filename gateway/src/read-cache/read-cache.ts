import { deepFreeze } from '../../../platform/src/deep-freeze';

/** One cached answer: the data of a read operation, for a tenant at a generation. */
interface Entry {
  tenant: string;
  generation: number;
  data: unknown;
  bytes: number;
  expiresAt: number;
}

export interface ReadCacheLimits {
  /** Memory the cached answers may take, measured as their JSON size. */
  maxBytes: number;
  /** How long an answer may be served at most, notifications or not. */
  ttlMs: number;
}

/**
 * The answers of read operations, least recently used first out, bounded by their size. An
 * entry is served only at the generation it was read at (see TenantChanges) and within its
 * time to live; a stale entry is dropped when met.
 */
export class ReadCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  constructor(
    private readonly limits: ReadCacheLimits,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): { entries: number; bytes: number } {
    return { entries: this.entries.size, bytes: this.bytes };
  }

  get(key: string, generationOf: (tenant: string) => number): unknown {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.generation !== generationOf(entry.tenant) || entry.expiresAt <= this.now()) {
      this.remove(key, entry);
      return undefined;
    }
    // Most recently used goes last: eviction takes from the front.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.data;
  }

  /** Keeps `data` for at most `lifetimeMs` (and never beyond the cache's time to live). */
  set(key: string, tenant: string, generation: number, data: unknown, lifetimeMs = Infinity): void {
    const bytes = key.length + JSON.stringify(data).length;
    if (bytes > this.limits.maxBytes / 16) return; // one answer never crowds out the rest
    const previous = this.entries.get(key);
    if (previous) this.remove(key, previous);
    this.entries.set(key, {
      tenant,
      generation,
      data: deepFreeze(data),
      bytes,
      expiresAt: this.now() + Math.min(lifetimeMs, this.limits.ttlMs),
    });
    this.bytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.limits.maxBytes) break;
      this.remove(oldest, entry);
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private remove(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.bytes -= entry.bytes;
  }
}
