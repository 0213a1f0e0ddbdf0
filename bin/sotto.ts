import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/src/config';
import { resolveDatabase } from '../platform/src/database/resolve-database';
import { DomainError } from '../platform/src/errors';
import { openServiceDatabase } from '../launcher/src/databases';
import { DEMO_RESTAURANT_NAME } from '../launcher/src/demo-seed';
import { DOMAIN_SERVICES } from '../launcher/src/domain-services';
import { resetSandbox } from '../launcher/src/sandbox-reset';
import { IdentityService, SigningKeyStore } from '../subgraphs/identity/src';

const USAGE = `usage: npm run sotto -- <command>
  restaurants create --name NAME
  keys create --restaurant ID --env sandbox|staging|production [--role ROLE] [--scopes a,b]
              [--rate-limit N] [--max-connections N]
  keys limits --key-id ID [--rate-limit N|default] [--max-connections N|default]
  keys list --restaurant ID
  keys revoke --key-id ID
  jwt rotate
  sandbox reset [--restaurant ID] [--env sandbox]   (the demo restaurant without --restaurant)`;

/** The administration command line. Every answer is one JSON document on stdout. */
async function main(argv: string[]): Promise<unknown> {
  const [group, action, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      name: { type: 'string' },
      restaurant: { type: 'string' },
      env: { type: 'string' },
      role: { type: 'string' },
      scopes: { type: 'string' },
      'key-id': { type: 'string' },
      'rate-limit': { type: 'string' },
      'max-connections': { type: 'string' },
    },
    strict: true,
  });
  const required = (name: keyof typeof values) => {
    const value = values[name];
    if (typeof value !== 'string' || !value) throw new UsageError(`--${name} is required`);
    return value;
  };

  /** A limit option: a positive whole number, `default` (null) or absent (undefined). */
  const limit = (name: 'rate-limit' | 'max-connections') => {
    const value = values[name];
    if (value === undefined) return undefined;
    if (value === 'default') return null;
    if (!/^\d+$/.test(value)) throw new UsageError(`--${name} takes a whole number or 'default'`);
    return Number(value);
  };

  const config = loadConfig();
  const database = await resolveDatabase(config);
  const orm = await openServiceDatabase('identity', database.url, 1);
  try {
    const identity = new IdentityService(orm.em.fork());
    switch (`${group} ${action}`) {
      case 'restaurants create': {
        const restaurant = await identity.createRestaurant(required('name'));
        return { restaurant_id: restaurant.id, name: restaurant.name };
      }
      case 'keys create': {
        const { key, secret } = await identity.createApiKey({
          restaurantId: required('restaurant'),
          environment: required('env'),
          role: values.role,
          scopes: values.scopes
            ?.split(',')
            .map((scope) => scope.trim())
            .filter(Boolean),
          rateLimitPerMinute: limit('rate-limit') ?? undefined,
          maxConnections: limit('max-connections') ?? undefined,
        });
        return {
          key_id: key.id,
          api_key: secret,
          restaurant_id: key.restaurantId,
          environment: key.environment,
          role: key.role,
          scopes: key.scopes,
          rate_limit_per_minute: key.rateLimitPerMinute,
          max_connections: key.maxConnections,
        };
      }
      case 'keys limits':
        return await identity.setApiKeyLimits(required('key-id'), {
          rateLimitPerMinute: limit('rate-limit'),
          maxConnections: limit('max-connections'),
        });
      case 'keys list':
        return { keys: await identity.listApiKeys(required('restaurant')) };
      case 'jwt rotate':
        if (config.SOTTO_JWT_PRIVATE_KEY) {
          throw new UsageError(
            'tokens are signed with SOTTO_JWT_PRIVATE_KEY: rotate by deploying a new key there',
          );
        }
        return await new SigningKeyStore(orm.em.fork()).rotate();
      case 'keys revoke':
        return await identity.revokeApiKey(required('key-id'));
      case 'sandbox reset': {
        if ((values.env ?? 'sandbox') !== 'sandbox') {
          throw new UsageError('only the sandbox environment can be reset');
        }
        const restaurant = values.restaurant
          ? await identity.findRestaurant(values.restaurant)
          : await identity.findRestaurantByName(DEMO_RESTAURANT_NAME);
        if (!restaurant) throw new UsageError('no demo restaurant here: give --restaurant ID');
        const orms = await Promise.all(
          DOMAIN_SERVICES.map(
            async ({ name }) => [name, await openServiceDatabase(name, database.url, 1)] as const,
          ),
        );
        try {
          const reset = await resetSandbox(Object.fromEntries(orms), {
            restaurantId: restaurant.id,
            environment: 'sandbox',
          });
          return { restaurant_id: restaurant.id, environment: 'sandbox', reset };
        } finally {
          await Promise.all(orms.map(([, serviceOrm]) => serviceOrm.close()));
        }
      }
      default:
        throw new UsageError(`unknown command '${[group, action].filter(Boolean).join(' ')}'`);
    }
  } finally {
    await orm.close();
    await database.stop();
  }
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (result) => {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  },
  (error: unknown) => {
    const code =
      error instanceof DomainError
        ? error.code.toLowerCase()
        : error instanceof UsageError
          ? 'usage'
          : 'error';
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${JSON.stringify({ error: { code, message } })}\n`);
    if (error instanceof UsageError) process.stderr.write(`${USAGE}\n`);
    process.exitCode = 1;
  },
);
