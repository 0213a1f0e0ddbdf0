import type { Caller, Role } from './tenant';

/** What an integrator key may be granted when it is created (`keys create --scopes …`). */
export const SCOPES = [
  'orders:read',
  'orders:write',
  'payments:write',
  'payments:refund',
  'reservations:read',
  'reservations:write',
  'inventory:read',
  'inventory:write',
  'webhooks:manage',
] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * Everything a rule can ask for: the integrator scopes, plus what only a role grants —
 * changing an item's kitchen status, managing the menu, API keys, booking platforms, the floor
 * (tables, opening hours) and the restaurant's card terminal providers — and what every key
 * holds (reading its own request log).
 */
export const PERMISSIONS = [
  ...SCOPES,
  'orders:item_status',
  'menu:manage',
  'keys:manage',
  'channels:manage',
  'floor:manage',
  'payments:configure',
  'logs:read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && (SCOPES as readonly string[]).includes(value);
}

/** What each role may do; an integrator's permissions are its key's scopes. */
export const ROLE_PERMISSIONS: Record<Exclude<Role, 'integrator'>, readonly Permission[]> = {
  admin: PERMISSIONS,
  manager: [
    'menu:manage',
    'channels:manage',
    'floor:manage',
    'payments:configure',
    'orders:read',
    'orders:write',
    'orders:item_status',
    'payments:write',
    'payments:refund',
    'reservations:read',
    'reservations:write',
    'inventory:read',
    'inventory:write',
  ],
  server: [
    'orders:read',
    'orders:write',
    'orders:item_status',
    'payments:write',
    'reservations:read',
    'reservations:write',
    'inventory:read',
  ],
  kitchen: ['orders:read', 'orders:item_status'],
};

/**
 * What every key holds, whatever its role or scopes: reading its own calls in the request log
 * (`GET /api/v1/logs`), which shows nothing it did not send itself.
 */
const EVERY_KEY: readonly Permission[] = ['logs:read'];

/** Scopes that bring another permission with them: who may write orders may move their items. */
const IMPLIED: Partial<Record<Permission, readonly Permission[]>> = {
  'orders:write': ['orders:item_status'],
};

/** `granted`, with what it implies and what every key holds. */
function withImplied(granted: readonly Permission[]): ReadonlySet<Permission> {
  const all = new Set<Permission>([...granted, ...EVERY_KEY]);
  for (const permission of granted)
    for (const implied of IMPLIED[permission] ?? []) all.add(implied);
  return all;
}

/** What a key of a role this process does not know holds: what every key holds. */
const UNKNOWN_ROLE = withImplied([]);

/** Each role's permissions, worked out once. */
const ROLE_SETS = new Map(
  Object.entries(ROLE_PERMISSIONS).map(([role, granted]) => [role, withImplied(granted)]),
);

/**
 * An integrator's permissions by its scopes' array, worked out once per caller rather than at
 * every field a rule guards (a caller is made once per request, its scopes with it).
 */
const SCOPED = new WeakMap<readonly string[], ReadonlySet<Permission>>();

export function permissionsOf(caller: Pick<Caller, 'role' | 'scopes'>): ReadonlySet<Permission> {
  if (caller.role !== 'integrator') return ROLE_SETS.get(caller.role) ?? UNKNOWN_ROLE;
  let permissions = SCOPED.get(caller.scopes);
  if (!permissions) {
    permissions = withImplied(caller.scopes.filter(isScope));
    SCOPED.set(caller.scopes, permissions);
  }
  return permissions;
}

export function can(caller: Pick<Caller, 'role' | 'scopes'>, permission: Permission): boolean {
  return permissionsOf(caller).has(permission);
}
