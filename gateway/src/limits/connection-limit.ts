import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * A slot of an API key's connection budget, held from the start of a request (or, with
 * subscriptions, the opening of a WebSocket) to its end. `release` may be called any number
 * of times, from every path that ends the request: the slot is given back once.
 */
export interface ConnectionLease {
  release(): void;
}

/** How many requests and sockets each key has open, against its maximum. */
export interface ConnectionCounter {
  /** A slot of `key`'s budget, or null when `max` are taken already. */
  acquire(key: string, max: number): Promise<ConnectionLease | null>;
  /** Slots `key` holds now (on every replica, with Redis). */
  inUse(key: string): Promise<number>;
}

function leaseOnce(giveBack: () => void): ConnectionLease {
  let held = true;
  return {
    release() {
      if (!held) return;
      held = false;
      giveBack();
    },
  };
}

/** The count of this process alone: enough for one replica, and Redis's fallback. */
export class MemoryConnectionCounter implements ConnectionCounter {
  private readonly counts = new Map<string, number>();

  async acquire(key: string, max: number): Promise<ConnectionLease | null> {
    const held = this.counts.get(key) ?? 0;
    if (held >= max) return null;
    this.counts.set(key, held + 1);
    return leaseOnce(() => {
      const left = (this.counts.get(key) ?? 1) - 1;
      if (left > 0) this.counts.set(key, left);
      else this.counts.delete(key);
    });
  }

  async inUse(key: string): Promise<number> {
    return this.counts.get(key) ?? 0;
  }
}

/** Reads Redis's clock, so that replicas with skewed clocks agree on what has expired. */
const NOW = `local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)`;

/** KEYS[1] the key's leases; ARGV: max, lease ms, lease id → 1 taken, 0 full. */
const ACQUIRE = `${NOW}
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

/** ARGV: lease ms, lease id: pushes a held lease's expiry forward. */
const RENEW = `${NOW}
redis.call('ZADD', KEYS[1], 'XX', now + tonumber(ARGV[1]), ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[1])
return 1`;

const COUNT = `${NOW}
return redis.call('ZCARD', KEYS[1])`;

/**
 * The count shared by every replica, in Redis. Rather than one INCR/DECR counter with a TTL,
 * each slot is a lease in a sorted set, scored by its own expiry (a safety TTL of a minute,
 * renewed while held): the slots of a replica that dies without releasing them expire one by
 * one, even while the key stays busy, which a counter's TTL (refreshed by every request) would
 * never do. While Redis is unreachable, slots are counted in this process's memory instead.
 */
export class RedisConnectionCounter implements ConnectionCounter {
  private readonly fallback = new MemoryConnectionCounter();

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly leaseMs = 60_000,
  ) {}

  async acquire(key: string, max: number): Promise<ConnectionLease | null> {
    if (this.redis.status !== 'ready') return this.fallback.acquire(key, max);
    const setKey = this.setKey(key);
    const id = randomUUID();
    let taken: unknown;
    try {
      taken = await this.redis.eval(ACQUIRE, 1, setKey, max, this.leaseMs, id);
    } catch {
      return this.fallback.acquire(key, max);
    }
    if (taken !== 1) return null;
    const renewal = setInterval(() => {
      this.redis.eval(RENEW, 1, setKey, this.leaseMs, id).catch(() => {});
    }, this.leaseMs / 3);
    renewal.unref();
    return leaseOnce(() => {
      clearInterval(renewal);
      // Should Redis be away, the lease expires by itself.
      this.redis.zrem(setKey, id).catch(() => {});
    });
  }

  async inUse(key: string): Promise<number> {
    const local = await this.fallback.inUse(key);
    if (this.redis.status !== 'ready') return local;
    const shared = await this.redis.eval(COUNT, 1, this.setKey(key)).catch(() => 0);
    return Number(shared) + local;
  }

  private setKey(key: string) {
    return `${this.keyPrefix}:connections:${key}`;
  }
}
