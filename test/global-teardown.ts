import { Client } from 'pg';

/** Drops the run's database and stops the embedded server if the setup started one. */
export default async function globalTeardown(): Promise<void> {
  const adminUrl = process.env.SOTTO_TEST_ADMIN_URL;
  const database = process.env.SOTTO_TEST_DATABASE_NAME;
  if (adminUrl && database) {
    const admin = new Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${database} with (force)`);
    await admin.end();
  }
  const server = (globalThis as Record<string, unknown>).__sottoTestServer as
    { stop(): Promise<void> } | undefined;
  await server?.stop();
}
