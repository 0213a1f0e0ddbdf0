import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../platform/src/config';
import { startEmbeddedPostgres } from '../platform/src/database/embedded-postgres';
import { createLogger } from '../platform/src/logger';
import { startPlatform } from '../launcher/src/platform';
import { TEST_DEMO_API_KEY } from './support/constants';

/**
 * One fresh database per test run, on DATABASE_URL's server when it is set, else on an
 * embedded PostgreSQL under .data/test. Migrations and the demo seed run once here; each test
 * file then boots the platform on that database and makes its own restaurants.
 */
export default async function globalSetup(): Promise<void> {
  const server = process.env.DATABASE_URL
    ? { url: process.env.DATABASE_URL, stop: async () => {} }
    : await startEmbeddedPostgres({ dataDir: path.resolve(__dirname, '../.data/test') });
  const database = `sotto_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`create database ${database}`);
  await admin.end();

  const url = new URL(server.url);
  url.pathname = `/${database}`;
  process.env.SOTTO_TEST_DATABASE_URL = url.toString();
  process.env.SOTTO_TEST_ADMIN_URL = server.url;
  process.env.SOTTO_TEST_DATABASE_NAME = database;

  const platform = await startPlatform(
    loadConfig({
      DATABASE_URL: url.toString(),
      PORT: '0',
      SOTTO_DEMO_API_KEY: TEST_DEMO_API_KEY,
    }),
    createLogger('test-setup', 'silent'),
  );
  await platform.stop();
  (globalThis as Record<string, unknown>).__sottoTestServer = server;
}
