import { EntitySchema, type EntityManager } from '@mikro-orm/postgresql';
import { SecretBox } from './secret-box';

const TABLE = 'secret_box_key';

/**
 * SQL for a service's migration: the one-row table holding the key its `SecretBox` uses when
 * `SOTTO_SECRETS_KEY` is not configured. Only the service's own user reads it; the tenant role
 * is never granted it.
 */
export function secretKeyTableSql(schema: string): string {
  return `create table "${schema}"."${TABLE}" (
    "id" smallint primary key default 1 check ("id" = 1),
    "key" bytea not null check (octet_length("key") = 32),
    "created_at" timestamptz not null default now()
  )`;
}

/**
 * The service's `SecretBox`: from the configured key when there is one (every replica must be
 * given the same), else from a key generated on first use and kept in the service's schema, so
 * that replicas and restarts agree. Creating it is race-free: the first insert wins.
 */
export async function openSecretBox(
  em: EntityManager,
  schema: string,
  configuredKey?: string,
): Promise<SecretBox> {
  if (configuredKey) return SecretBox.fromBase64(configuredKey);
  const table = `"${schema}"."${TABLE}"`;
  await em.execute(`insert into ${table} ("key") values (?) on conflict ("id") do nothing`, [
    SecretBox.generateKey(),
  ]);
  const [row] = await em.execute<{ key: Buffer }[]>(`select "key" from ${table} where "id" = 1`);
  if (!row) throw new Error(`${table} holds no key`);
  return SecretBox.fromKey(row.key);
}

/** The key table as an entity, so that a service's schema diff knows it (never read through it). */
export class SecretBoxKey {
  id = 1;
  key!: Buffer;
  createdAt = new Date();
}

export const SecretBoxKeySchema = new EntitySchema<SecretBoxKey>({
  class: SecretBoxKey,
  tableName: TABLE,
  properties: {
    id: { type: 'smallint', primary: true, autoincrement: false, default: 1 },
    key: { type: 'blob', columnType: 'bytea' },
    createdAt: { type: 'Date', defaultRaw: 'now()' },
  },
  checks: [
    { name: 'secret_box_key_id_check', expression: 'id = 1' },
    { name: 'secret_box_key_key_check', expression: 'octet_length(key) = 32' },
  ],
});
