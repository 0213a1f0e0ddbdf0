import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../platform/src/config';
import { resolveDatabase } from '../platform/src/database/resolve-database';
import {
  migrationsFolder,
  openServiceDatabase,
  SERVICE_SCHEMAS,
  type ServiceName,
} from '../launcher/src/databases';

/**
 * `npm run migration:create -- <service>`: writes a migration with the difference between the
 * service's entities and its schema in the database, into the service's migrations folder.
 * Add the new class to the folder's index.ts so it ships and runs at start.
 */
async function main() {
  const service = process.argv[2] as ServiceName;
  if (!service || !(service in SERVICE_SCHEMAS) || service === 'events') {
    const services = Object.keys(SERVICE_SCHEMAS).filter((name) => name !== 'events');
    throw new Error(`usage: npm run migration:create -- <${services.join('|')}> [--blank]`);
  }
  const blank = process.argv.includes('--blank');
  const database = await resolveDatabase(loadConfig());
  const orm = await openServiceDatabase(service, database.url, 1);
  try {
    // The diff is confined to the service's own schema: the other services' tables share the
    // database and are none of this service's business.
    const { up, down } = await orm
      .getSchemaGenerator()
      .getUpdateSchemaMigrationSQL({ wrap: false, schema: SERVICE_SCHEMAS[service].schema });
    if (!up.trim() && !blank) {
      console.log('No changes: the schema matches the entities.');
      return;
    }
    const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
    const name = `Migration${stamp}`;
    const file = path.join(migrationsFolder(service), `${name}.ts`);
    writeFileSync(file, migrationSource(name, up, down));
    console.log(`Wrote ${file}; add it to the migrations index.`);
  } finally {
    await orm.close();
    await database.stop();
  }
}

function migrationSource(name: string, up: string, down: string): string {
  const statements = (sql: string) =>
    sql
      .split(/;\n/)
      .map((statement) => statement.trim().replace(/;$/, ''))
      .filter(Boolean)
      .map((statement) => `    this.addSql(${JSON.stringify(statement)});`)
      .join('\n');
  return `import { Migration } from '@mikro-orm/migrations';

export class ${name} extends Migration {
  override async up(): Promise<void> {
${statements(up)}
  }

  override async down(): Promise<void> {
${statements(down)}
  }
}
`;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
