import type { EntityManager, PostgreSqlConnection } from '@mikro-orm/postgresql';
import type { Row } from './row-entities';

/** How `pg` answers a simple-protocol message: one result, or one per statement. */
export type PgCallback = (error: Error | null, result: { rows: Row[] } | { rows: Row[] }[]) => void;

/** A pooled `pg` connection, as knex lends it. */
export interface LentConnection {
  query(text: string, callback: PgCallback): void;
  end(): void;
}

/**
 * The part of knex's client under MikroORM that the platform uses: lending and taking back the
 * pool's connections (`TenantDatabase`'s one-message reads and writes), and the pool itself
 * (tarn's), whose figures `/metrics` shows; knex drops it when the ORM closes.
 */
export interface KnexClient {
  acquireConnection(): Promise<LentConnection>;
  releaseConnection(connection: unknown): Promise<unknown>;
  pool?: { numUsed(): number; numFree(): number; numPendingAcquires(): number };
}

export function knexClientOf(em: EntityManager): KnexClient {
  return (em.getConnection() as PostgreSqlConnection).getKnex().client as KnexClient;
}
