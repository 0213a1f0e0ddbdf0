import type { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';

/** Limits are counted over fixed windows of one minute. */
export const RATE_WINDOW_SECONDS = 60;

export interface RateDecision {
  allowed: boolean;
  /** Requests allowed in the window. */
  limit: number;
  /** Requests left in the window (0 once refused). */
  remaining: number;
  /** Seconds until the window starts over. */
  resetSeconds: number;
}

/**
 * Counts requests per subject (an API key, a client IP) in one-minute windows with
 * rate-limiter-flexible: in this process's memory, or in Redis when REDIS_URL is set so that
 * every replica draws from the same budget.
 *
 * Redis limiters are insured by a memory limiter of the same size and reject at once while
 * Redis is not connected (`rejectIfRedisNotReady`): during an outage each replica counts on its
 * own. The limit is then loose by a factor of at most the number of replicas, for the length of
 * the outage, which we prefer to refusing every request or to not limiting at all. ioredis is
 * the library's default client (`useRedisPackage` is for the `redis` package), so no flag is set.
 *
 * A subject's limit may differ from the default (the key's own limit), so limiters are kept per
 * bucket and size. In Redis they share the bucket's counters whatever their size: the counter
 * holds what was consumed, the size only decides when to refuse.
 */
export class RateLimits {
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(private readonly store: { redis?: Redis; keyPrefix: string }) {}

  /** Takes `points` (one per operation) from `subject`'s budget of `limit` in `bucket`. */
  async consume(bucket: string, subject: string, limit: number, points = 1): Promise<RateDecision> {
    try {
      const taken = await this.limiter(bucket, limit).consume(subject, points);
      return decision(true, limit, taken);
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return decision(false, limit, refusal);
      throw refusal;
    }
  }

  private limiter(bucket: string, points: number): RateLimiterAbstract {
    const name = `${bucket}:${points}`;
    let limiter = this.limiters.get(name);
    if (!limiter) {
      const options = {
        keyPrefix: `${this.store.keyPrefix}:rate:${bucket}`,
        points,
        duration: RATE_WINDOW_SECONDS,
      };
      limiter = this.store.redis
        ? new RateLimiterRedis({
            ...options,
            storeClient: this.store.redis,
            rejectIfRedisNotReady: true,
            insuranceLimiter: new RateLimiterMemory(options),
          })
        : new RateLimiterMemory(options);
      this.limiters.set(name, limiter);
    }
    return limiter;
  }
}

function decision(allowed: boolean, limit: number, result: RateLimiterRes): RateDecision {
  return {
    allowed,
    limit,
    remaining: allowed ? Math.max(result.remainingPoints, 0) : 0,
    resetSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)),
  };
}
