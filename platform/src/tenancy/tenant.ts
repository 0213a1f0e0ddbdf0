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

/** The authenticated caller, as the gateway established it from the access token. */
export interface Caller extends Tenant {
  keyId: string;
  role: Role;
  scopes: string[];
}
