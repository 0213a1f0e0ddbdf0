import { deepFreeze } from '../../../platform/src/deep-freeze';

/** One cached answer: the data of a read operation, for a tenant at a generation. */
interface Entry {
  key: string;
  tenant: string;
  generation: number;
  data: unknown;
  /** Its size and its derived values' (see `derived`). */
  bytes: number;
  expiresAt: number;
  /** What was made from it, by maker (see `derived`). */
  derived?: Map<object, string>;
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
  /** The entry of each kept answer, and of each of its root fields' values. */
  private readonly entryOf = new WeakMap<object, Entry>();
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
    this.touch(key, entry);
    return entry.data;
  }

  /** Most recently used goes last: eviction takes from the front. */
  private touch(key: string, entry: Entry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
  }

  /**
   * Keeps `data` for at most `lifetimeMs` (and never beyond the cache's time to live). An answer
   * read at the generation of the one kept under `key`, while that one still has more than half
   * of this lifetime ahead, is not kept again: nothing it reads has changed since (see
   * TenantChanges), and keeping it would only measure, freeze and index an equal answer once
   * more — for every client that reads afresh, or that missed at the same time after a change.
   * The kept one counts as just used.
   */
  set(key: string, tenant: string, generation: number, data: unknown, lifetimeMs = Infinity): void {
    const now = this.now();
    const lifetime = Math.min(lifetimeMs, this.limits.ttlMs);
    const previous = this.entries.get(key);
    if (previous?.generation === generation && previous.expiresAt - now > lifetime / 2) {
      this.touch(key, previous);
      return;
    }
    const bytes = key.length + JSON.stringify(data).length;
    if (bytes > this.maxEntryBytes) return;
    if (previous) this.remove(key, previous);
    const entry: Entry = {
      key,
      tenant,
      generation,
      data: deepFreeze(data),
      bytes,
      expiresAt: now + lifetime,
    };
    this.entries.set(key, entry);
    if (isObject(data)) {
      this.entryOf.set(data, entry);
      for (const value of Object.values(data)) if (isObject(value)) this.entryOf.set(value, entry);
    }
    this.bytes += bytes;
    this.evictBeyondLimit();
  }

  /**
   * What `make` makes of a kept answer, or of one of its root fields' values (a REST route's
   * JSON of it): made once, then kept with the answer, counted in its size and dropped with it.
   * `maker` tells what is made (the same function each time, not a new closure). For anything
   * the cache does not hold, or when the answer would grow past its share, made each time.
   */
  derived(source: object, maker: object, make: () => string): string {
    const entry = this.entryOf.get(source);
    if (!entry || this.entries.get(entry.key) !== entry) return make();
    const kept = entry.derived?.get(maker);
    if (kept !== undefined) return kept;
    const value = make();
    if (entry.bytes + value.length > this.maxEntryBytes) return value;
    (entry.derived ??= new Map()).set(maker, value);
    entry.bytes += value.length;
    this.bytes += value.length;
    this.evictBeyondLimit();
    return value;
  }

  /** One answer never crowds out the rest. */
  private get maxEntryBytes(): number {
    return this.limits.maxBytes / 16;
  }

  /** The least recently used answers out until the cache is within its size. */
  private evictBeyondLimit(): void {
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

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;
