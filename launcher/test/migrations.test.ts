import { openServiceDatabase, SERVICE_SCHEMAS } from '../src/databases';
import { testDatabaseUrl } from '../../test/support/test-platform';

describe('committed migrations', () => {
  it.each([
    'identity',
    'menu',
    'orders',
    'inventory',
    'reservations',
    'payments',
    'webhooks',
  ] as const)('build exactly the %s schema that its entities describe', async (service) => {
    const orm = await openServiceDatabase(service, testDatabaseUrl(), 1);
    try {
      // What `npm run migration:create` would write: nothing, when migrations and entities agree.
      const diff = await orm
        .getSchemaGenerator()
        .getUpdateSchemaMigrationSQL({ wrap: false, schema: SERVICE_SCHEMAS[service].schema });
      expect(diff).toEqual({ up: '', down: '' });
      expect(await orm.getMigrator().getPendingMigrations()).toEqual([]);
    } finally {
      await orm.close();
    }
  });
});
