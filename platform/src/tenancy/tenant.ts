export const ENVIRONMENTS = ['sandbox', 'staging', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export function isEnvironment(value: unknown): value is Environment {
  return typeof value === 'string' && (ENVIRONMENTS as readonly string[]).includes(value);
}

/** Whose data a call sees: one restaurant in one environment. */
export interface Tenant {
  restaurantId: string;
  environment: Environment;
}

export const ROLES = ['admin', 'manager', 'server', 'kitchen', 'integrator'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** A key's own limits, overriding the platform's defaults (`keys create --rate-limit N`). */
export interface KeyLimits {
  /** Requests a minute. */
  ratePerMinute?: number;
  /** Concurrent requests and WebSockets. */
  maxConnections?: number;
}

/** The authenticated caller, as the gateway established it from the access token. */
export interface Caller extends Tenant {
  keyId: string;
  role: Role;
  scopes: string[];
  limits?: KeyLimits;
}

/** Reads key limits from untrusted JSON (a token claim, a signed header): positive integers only. */
export function parseKeyLimits(value: unknown): KeyLimits | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { ratePerMinute, maxConnections } = value as Record<string, unknown>;
  const positive = (n: unknown) =>
    Number.isSafeInteger(n) && (n as number) > 0 ? (n as number) : undefined;
  const limits: KeyLimits = {};
  if (positive(ratePerMinute)) limits.ratePerMinute = positive(ratePerMinute);
  if (positive(maxConnections)) limits.maxConnections = positive(maxConnections);
  return Object.keys(limits).length ? limits : undefined;
}
