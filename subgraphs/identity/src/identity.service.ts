import type { EntityManager } from '@mikro-orm/postgresql';
import { NotFoundError, ValidationFailed } from '../../../platform/src/errors';
import {
  isEnvironment,
  isRole,
  type Environment,
  type Role,
} from '../../../platform/src/tenancy/tenant';
import { isScope, SCOPES, type Scope } from '../../../platform/src/tenancy/permissions';
import { ApiKey } from './entities/api-key.entity';
import { Restaurant } from './entities/restaurant.entity';
import { displayPrefixOf, generateApiKeySecret, hashApiKeySecret } from './api-key-secret';

export interface NewApiKey {
  restaurantId: string;
  environment: string;
  role?: string;
  scopes?: string[];
  /** Requests a minute for this key, instead of the platform's default. */
  rateLimitPerMinute?: number;
  /** Concurrent requests and WebSockets for this key, instead of the platform's default. */
  maxConnections?: number;
  /** Registers this exact secret instead of generating one (the demo key of `SOTTO_DEMO_API_KEY`). */
  secret?: string;
}

export interface ApiKeySummary {
  key_id: string;
  restaurant_id: string;
  environment: Environment;
  role: Role;
  scopes: string[];
  rate_limit_per_minute: number | null;
  max_connections: number | null;
  prefix: string;
  created_at: string;
  revoked_at: string | null;
}

/** Restaurants and their API keys. */
export class IdentityService {
  constructor(private readonly em: EntityManager) {}

  async createRestaurant(name: string): Promise<Restaurant> {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 200) {
      throw new ValidationFailed('INVALID_FIELD', 'a restaurant name has 1 to 200 characters', [
        { field: 'name', message: 'must have 1 to 200 characters' },
      ]);
    }
    const restaurant = new Restaurant(trimmed);
    await this.em.persistAndFlush(restaurant);
    return restaurant;
  }

  async findRestaurant(id: string): Promise<Restaurant> {
    const restaurant = await this.em.findOne(Restaurant, { id });
    if (!restaurant) throw new NotFoundError('RESTAURANT_NOT_FOUND', 'Restaurant', id);
    return restaurant;
  }

  async findRestaurantByName(name: string): Promise<Restaurant | null> {
    return this.em.findOne(Restaurant, { name }, { orderBy: { createdAt: 'asc' } });
  }

  async countRestaurants(): Promise<number> {
    return this.em.count(Restaurant, {});
  }

  /** Creates a key and returns its secret: the only time the secret exists outside the caller. */
  async createApiKey(input: NewApiKey): Promise<{ key: ApiKey; secret: string }> {
    const role = input.role ?? 'admin';
    if (!isEnvironment(input.environment)) {
      throw new ValidationFailed('INVALID_FIELD', 'unknown environment', [
        { field: 'environment', message: 'must be sandbox, staging or production' },
      ]);
    }
    if (!isRole(role)) {
      throw new ValidationFailed('INVALID_FIELD', 'unknown role', [
        { field: 'role', message: 'must be admin, manager, server, kitchen or integrator' },
      ]);
    }
    const scopes = validScopes(role, input.scopes ?? []);
    const limits = validLimits(input);
    await this.findRestaurant(input.restaurantId);
    const secret = input.secret ?? generateApiKeySecret(input.environment);
    const key = new ApiKey(
      input.restaurantId,
      input.environment,
      role,
      scopes,
      hashApiKeySecret(secret),
      displayPrefixOf(secret),
    );
    key.rateLimitPerMinute = limits.rateLimitPerMinute ?? null;
    key.maxConnections = limits.maxConnections ?? null;
    await this.em.persistAndFlush(key);
    return { key, secret };
  }

  async findApiKeyBySecret(secret: string): Promise<ApiKey | null> {
    return this.em.findOne(ApiKey, { secretHash: hashApiKeySecret(secret) });
  }

  async markUsed(key: ApiKey): Promise<void> {
    key.lastUsedAt = new Date();
    await this.em.flush();
  }

  async listApiKeys(restaurantId: string): Promise<ApiKeySummary[]> {
    await this.findRestaurant(restaurantId);
    const keys = await this.em.find(ApiKey, { restaurantId }, { orderBy: { createdAt: 'asc' } });
    return keys.map(summarise);
  }

  /** Changes a key's own limits; `null` returns a limit to the platform's default. */
  async setApiKeyLimits(
    keyId: string,
    changes: { rateLimitPerMinute?: number | null; maxConnections?: number | null },
  ): Promise<ApiKeySummary> {
    validLimits(changes);
    const key = await this.em.findOne(ApiKey, { id: keyId });
    if (!key) throw new NotFoundError('API_KEY_NOT_FOUND', 'API key', keyId);
    if (changes.rateLimitPerMinute !== undefined)
      key.rateLimitPerMinute = changes.rateLimitPerMinute;
    if (changes.maxConnections !== undefined) key.maxConnections = changes.maxConnections;
    await this.em.flush();
    return summarise(key);
  }

  async revokeApiKey(keyId: string): Promise<ApiKeySummary> {
    const key = await this.em.findOne(ApiKey, { id: keyId });
    if (!key) throw new NotFoundError('API_KEY_NOT_FOUND', 'API key', keyId);
    key.revokedAt ??= new Date();
    await this.em.flush();
    return summarise(key);
  }
}

function summarise(key: ApiKey): ApiKeySummary {
  return {
    key_id: key.id,
    restaurant_id: key.restaurantId,
    environment: key.environment,
    role: key.role,
    scopes: key.scopes,
    rate_limit_per_minute: key.rateLimitPerMinute,
    max_connections: key.maxConnections,
    prefix: key.displayPrefix,
    created_at: key.createdAt.toISOString(),
    revoked_at: key.revokedAt?.toISOString() ?? null,
  };
}

/** An integrator key needs at least one known scope; the other roles carry their own rights. */
function validScopes(role: Role, scopes: string[]): Scope[] {
  if (role !== 'integrator') {
    if (scopes.length) {
      throw new ValidationFailed('INVALID_FIELD', 'only integrator keys carry scopes', [
        {
          field: 'scopes',
          message: `a ${role} key has the rights of its role; scopes are for integrator keys`,
        },
      ]);
    }
    return [];
  }
  const unknown = scopes.filter((scope) => !isScope(scope));
  if (unknown.length || !scopes.length) {
    throw new ValidationFailed(
      'INVALID_FIELD',
      'an integrator key needs one or more known scopes',
      [
        {
          field: 'scopes',
          message: unknown.length
            ? `unknown scopes ${unknown.join(', ')}; known: ${SCOPES.join(', ')}`
            : `choose among ${SCOPES.join(', ')}`,
        },
      ],
    );
  }
  return [...new Set(scopes as Scope[])];
}

const MAX_RATE_PER_MINUTE = 1_000_000;
const MAX_CONNECTIONS = 10_000;

function validLimits<
  T extends { rateLimitPerMinute?: number | null; maxConnections?: number | null },
>(limits: T): T {
  const check = (field: string, value: number | null | undefined, max: number) => {
    if (value === undefined || value === null) return;
    if (!Number.isSafeInteger(value) || value < 1 || value > max) {
      throw new ValidationFailed(
        'INVALID_FIELD',
        `${field} must be a whole number from 1 to ${max}`,
        [{ field, message: `must be a whole number from 1 to ${max}` }],
      );
    }
  };
  check('rate_limit_per_minute', limits.rateLimitPerMinute, MAX_RATE_PER_MINUTE);
  check('max_connections', limits.maxConnections, MAX_CONNECTIONS);
  return limits;
}
