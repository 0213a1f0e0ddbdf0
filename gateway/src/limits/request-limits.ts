import type { Redis } from 'ioredis';
import type { Logger } from '../../../platform/src/logger';
import type { Caller } from '../../../platform/src/tenancy/tenant';
import {
  MemoryConnectionCounter,
  RedisConnectionCounter,
  type ConnectionCounter,
  type ConnectionLease,
} from './connection-limit';
import { RateLimits, type RateDecision } from './rate-limit';
import { connectRedis, disconnectRedis } from './redis-connection';

export interface LimitSettings {
  /** Requests a minute per API key (SOTTO_RATE_LIMIT_PER_MINUTE), unless the key has its own. */
  ratePerMinute: number;
  /** Requests in flight and WebSockets per key (SOTTO_MAX_CONNECTIONS_PER_KEY), same. */
  maxConnectionsPerKey: number;
  /** Token exchanges a minute per client IP (SOTTO_AUTH_RATE_PER_MINUTE). */
  authRatePerMinute: number;
  /** Shared counts across replicas when set; else this process's memory. */
  redisUrl?: string;
  /** Prefix of the Redis keys (SOTTO_REDIS_KEY_PREFIX). */
  redisKeyPrefix: string;
}

/**
 * Budgets of calls without an access token, per client IP: the token exchange (against key
 * guessing), and anonymous GraphQL (at the default per-key rate).
 */
export type AddressBudget = 'token-exchange' | 'anonymous';

/**
 * The gateway's limits: requests a minute and connections at once, per API key, and requests a
 * minute per client IP for calls without a token. Counted in Redis when REDIS_URL is set, so
 * that replicas share them, else in this process.
 */
export class RequestLimits {
  private readonly rates: RateLimits;
  private readonly connections: ConnectionCounter;

  private constructor(
    private readonly settings: LimitSettings,
    private readonly redis?: Redis,
  ) {
    this.rates = new RateLimits({ redis, keyPrefix: settings.redisKeyPrefix });
    this.connections = redis
      ? new RedisConnectionCounter(redis, settings.redisKeyPrefix)
      : new MemoryConnectionCounter();
  }

  static async start(settings: LimitSettings, logger: Logger): Promise<RequestLimits> {
    const redis = settings.redisUrl ? await connectRedis(settings.redisUrl, logger) : undefined;
    return new RequestLimits(settings, redis);
  }

  /** Charges `operations` requests (a GraphQL batch counts each) to the caller's key. */
  chargeKey(caller: Caller, operations = 1): Promise<RateDecision> {
    const limit = caller.limits?.ratePerMinute ?? this.settings.ratePerMinute;
    return this.rates.consume('key', caller.keyId, limit, operations);
  }

  /** Charges a call made without a token to its client IP. */
  chargeAddress(budget: AddressBudget, address: string, operations = 1): Promise<RateDecision> {
    const limit =
      budget === 'token-exchange' ? this.settings.authRatePerMinute : this.settings.ratePerMinute;
    return this.rates.consume(budget, address, limit, operations);
  }

  maxConnectionsOf(caller: Caller): number {
    return caller.limits?.maxConnections ?? this.settings.maxConnectionsPerKey;
  }

  /**
   * A slot of the caller's connection budget, or null when it is used up. HTTP requests take
   * one in the gateway's hook (limit-hooks.ts) for as long as they are in flight. WebSockets
   * count against the same budget: the graphql-ws server (a later issue) must take one on
   * `connection_init`, refuse the socket when null (close code 4429), and `release()` it when
   * the socket closes.
   */
  acquireConnection(caller: Caller): Promise<ConnectionLease | null> {
    return this.connections.acquire(caller.keyId, this.maxConnectionsOf(caller));
  }

  /** Requests and sockets the key has open now. */
  connectionsInUse(keyId: string): Promise<number> {
    return this.connections.inUse(keyId);
  }

  async close(): Promise<void> {
    if (this.redis) await disconnectRedis(this.redis);
  }
}
