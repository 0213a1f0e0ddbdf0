import type { Config } from '../config';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres';

/** `DATABASE_URL` when set, else the embedded PostgreSQL under the data directory. */
export async function resolveDatabase(
  config: Pick<Config, 'DATABASE_URL' | 'SOTTO_DATA_DIR'>,
): Promise<EmbeddedDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, stop: async () => {} };
  return startEmbeddedPostgres({ dataDir: config.SOTTO_DATA_DIR });
}
