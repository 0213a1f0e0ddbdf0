import { loadConfig } from '../platform/src/config';
import { resolveDatabase } from '../platform/src/database/resolve-database';
import { openServiceDatabase, SERVICE_SCHEMAS, type ServiceName } from '../launcher/src/databases';

/**
 * `npm run migration:create -- <service>`: writes a migration with the difference between the
 * service's entities and its schema in the database, into the service's migrations folder.
 * Add the new class to the folder's index.ts so it ships and runs at start.
 */
async function main() {
  const service = process.argv[2] as ServiceName;
  if (!service || !(service in SERVICE_SCHEMAS) || service === 'events') {
    throw new Error(`usage: npm run migration:create -- <identity|menu|orders> [--blank]`);
  }
  const blank = process.argv.includes('--blank');
  const database = await resolveDatabase(loadConfig());
  const orm = await openServiceDatabase(service, database.url, 1);
  try {
    const result = await orm.getMigrator().createMigration(undefined, blank);
    if (!result.fileName) console.log('No changes: the schema matches the entities.');
    else console.log(`Wrote ${result.fileName}; add it to the migrations index.`);
  } finally {
    await orm.close();
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
