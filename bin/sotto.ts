import { parseArgs } from 'node:util';
import { loadConfig } from '../platform/src/config';
import { resolveDatabase } from '../platform/src/database/resolve-database';
import { DomainError } from '../platform/src/errors';
import { openServiceDatabase } from '../launcher/src/databases';
import { IdentityService } from '../subgraphs/identity/src';

const USAGE = `usage: npm run sotto -- <command>
  restaurants create --name NAME
  keys create --restaurant ID --env sandbox|staging|production [--role ROLE] [--scopes a,b]
  keys list --restaurant ID
  keys revoke --key-id ID`;

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
    },
    strict: true,
  });
  const required = (name: keyof typeof values) => {
    const value = values[name];
    if (typeof value !== 'string' || !value) throw new UsageError(`--${name} is required`);
    return value;
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
          scopes: values.scopes?.split(',').filter(Boolean),
        });
        return {
          key_id: key.id,
          api_key: secret,
          restaurant_id: key.restaurantId,
          environment: key.environment,
          role: key.role,
        };
      }
      case 'keys list':
        return { keys: await identity.listApiKeys(required('restaurant')) };
      case 'keys revoke':
        return await identity.revokeApiKey(required('key-id'));
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
