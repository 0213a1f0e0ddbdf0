import { loadConfig, type Config } from '../../../platform/src/config';
import type { LimitSettings } from './request-limits';

/** What the gateway takes from the configuration for its limits and HTTP hygiene. */
export interface GatewayLimitOptions extends LimitSettings {
  /** Origins allowed to call from a browser (`*` for any); empty: no cross-origin access. */
  corsOrigins: string[];
  /** Fastify's `trustProxy`, for the client IP behind a load balancer. */
  trustProxy: boolean | number | string;
}

export function gatewayLimitOptions(config: Config): GatewayLimitOptions {
  return {
    ratePerMinute: config.SOTTO_RATE_LIMIT_PER_MINUTE,
    maxConnectionsPerKey: config.SOTTO_MAX_CONNECTIONS_PER_KEY,
    authRatePerMinute: config.SOTTO_AUTH_RATE_PER_MINUTE,
    redisUrl: config.REDIS_URL,
    redisKeyPrefix: config.SOTTO_REDIS_KEY_PREFIX,
    corsOrigins: config.SOTTO_CORS_ORIGINS ?? [],
    trustProxy: config.SOTTO_TRUST_PROXY ?? false,
  };
}

/** Fills in what `given` leaves out with the configuration's defaults. */
export function withLimitDefaults(given: Partial<GatewayLimitOptions>): GatewayLimitOptions {
  const defaults = gatewayLimitOptions(loadConfig({}));
  const keys = Object.keys(defaults) as (keyof GatewayLimitOptions)[];
  return Object.fromEntries(
    keys.map((key) => [key, given[key] ?? defaults[key]]),
  ) as unknown as GatewayLimitOptions;
}
