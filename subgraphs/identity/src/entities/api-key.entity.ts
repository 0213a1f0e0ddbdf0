import { EntitySchema } from '@mikro-orm/postgresql';
import { newId } from '../../../../platform/src/ids';
import {
  ENVIRONMENTS,
  type Environment,
  type KeyLimits,
  type Role,
} from '../../../../platform/src/tenancy/tenant';

/** An API key as stored: only its SHA-256 digest and a short prefix to recognise it by. */
export class ApiKey {
  readonly id = newId('apiKey');
  readonly createdAt = new Date();
  revokedAt: Date | null = null;
  lastUsedAt: Date | null = null;
  /** Requests a minute for this key; null takes the platform's default. */
  rateLimitPerMinute: number | null = null;
  /** Concurrent requests and WebSockets for this key; null takes the platform's default. */
  maxConnections: number | null = null;

  constructor(
    readonly restaurantId: string,
    readonly environment: Environment,
    readonly role: Role,
    readonly scopes: string[],
    readonly secretHash: string,
    readonly displayPrefix: string,
  ) {}

  isActive(): boolean {
    return this.revokedAt === null;
  }

  limits(): KeyLimits | undefined {
    const limits: KeyLimits = {};
    if (this.rateLimitPerMinute !== null) limits.ratePerMinute = this.rateLimitPerMinute;
    if (this.maxConnections !== null) limits.maxConnections = this.maxConnections;
    return Object.keys(limits).length ? limits : undefined;
  }
}

export const ApiKeySchema = new EntitySchema<ApiKey>({
  class: ApiKey,
  tableName: 'api_keys',
  properties: {
    id: { type: 'string', columnType: 'text', primary: true },
    restaurantId: { type: 'string', columnType: 'text', index: true },
    environment: { enum: true, items: () => [...ENVIRONMENTS] },
    role: { type: 'string', columnType: 'text' },
    scopes: { type: 'json' },
    secretHash: { type: 'string', columnType: 'text', unique: true },
    displayPrefix: { type: 'string', columnType: 'text' },
    createdAt: { type: 'Date' },
    revokedAt: { type: 'Date', nullable: true },
    lastUsedAt: { type: 'Date', nullable: true },
    rateLimitPerMinute: { type: 'integer', nullable: true },
    maxConnections: { type: 'integer', nullable: true },
  },
  checks: [
    {
      name: 'api_keys_limits_check',
      expression: 'coalesce(rate_limit_per_minute, 1) > 0 and coalesce(max_connections, 1) > 0',
    },
  ],
});
