import { helper, ReferenceKind, type EntityManager } from '@mikro-orm/postgresql';
import type { SqlQuery, SqlValue } from '../tenancy/tenant-database';

/**
 * Statements writing entities as MikroORM's flush would, without the unit of work, for changes
 * sent in one message (`TenantDatabase.write`, `TenantDatabase.lockThenWrite`): the columns of
 * the entity's metadata, relations by their key, custom types (JSON, big integers) converted to
 * what the database stores. The entities are not managed afterwards.
 */

/**
 * What writing statements needs of MikroORM: the entities' metadata and the SQL platform, the
 * same for every request (`TenantDatabase.mapping`), not a request's unit of work.
 */
export type EntityMapping = Pick<EntityManager, 'getMetadata' | 'getPlatform' | 'config'>;

/** An entity's row as the database stores it: column name to value. */
export type ColumnValues = ReadonlyMap<string, SqlValue>;

function metadataOf(mapping: EntityMapping, entity: object) {
  const meta = mapping.getMetadata().find(entity.constructor.name);
  if (!meta) throw new TypeError(`${entity.constructor.name} is not an entity`);
  return meta;
}

function tableOf(mapping: EntityMapping, entity: object): string {
  const meta = metadataOf(mapping, entity);
  const schema = meta.schema ?? mapping.config.get('schema');
  return [schema, meta.tableName]
    .filter(Boolean)
    .map((name) => mapping.getPlatform().quoteIdentifier(name!))
    .join('.');
}

/**
 * The values of an entity's columns, converted as the flush converts them; a property left
 * undefined is absent (its column takes its default on insert).
 */
export function columnValues(mapping: EntityMapping, entity: object): ColumnValues {
  const platform = mapping.getPlatform();
  const values = new Map<string, SqlValue>();
  for (const prop of metadataOf(mapping, entity).props) {
    if (prop.persist === false || prop.formula) continue;
    if (prop.kind === ReferenceKind.ONE_TO_MANY || prop.kind === ReferenceKind.MANY_TO_MANY) {
      continue;
    }
    if (prop.kind === ReferenceKind.ONE_TO_ONE && !prop.owner) continue;
    let value = (entity as Record<string, unknown>)[prop.name];
    if (value === undefined) continue;
    if (prop.kind === ReferenceKind.MANY_TO_ONE || prop.kind === ReferenceKind.ONE_TO_ONE) {
      value = value === null ? null : helper(value as object).getPrimaryKey();
    } else if (prop.customType) {
      value = prop.customType.convertToDatabaseValue(value, platform, { mode: 'query' });
    }
    values.set(prop.fieldNames[0]!, value as SqlValue);
  }
  return values;
}

/** The statement inserting a new entity. */
export function insertStatement(mapping: EntityMapping, entity: object): SqlQuery {
  const platform = mapping.getPlatform();
  const values = columnValues(mapping, entity);
  const columns = [...values.keys()].map((column) => platform.quoteIdentifier(column));
  return {
    sql: `insert into ${tableOf(mapping, entity)} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`,
    params: [...values.values()],
  };
}

const sameValue = (a: SqlValue | undefined, b: SqlValue | undefined) =>
  a instanceof Date && b instanceof Date
    ? a.getTime() === b.getTime()
    : JSON.stringify(a) === JSON.stringify(b);

/**
 * The statement updating, by its primary key, the columns of `entity` whose value differs from
 * `before` (its `columnValues` when it was read); null when none does.
 */
export function updateStatement(
  mapping: EntityMapping,
  entity: object,
  before: ColumnValues,
): SqlQuery | null {
  const platform = mapping.getPlatform();
  const meta = metadataOf(mapping, entity);
  if (meta.primaryKeys.length !== 1) throw new TypeError(`${meta.className} has a composite key`);
  const key = meta.properties[meta.primaryKeys[0]!]!.fieldNames[0]!;
  const after = columnValues(mapping, entity);
  const changed = [...after].filter(([column, value]) => !sameValue(before.get(column), value));
  if (!changed.length) return null;
  return {
    sql: `update ${tableOf(mapping, entity)} set ${changed
      .map(([column]) => `${platform.quoteIdentifier(column)} = ?`)
      .join(', ')} where ${platform.quoteIdentifier(key)} = ?`,
    params: [...changed.map(([, value]) => value), after.get(key)!],
  };
}

/** The statement deleting these entities of one class, by their primary key. */
export function deleteStatement(
  mapping: EntityMapping,
  entities: readonly object[],
): SqlQuery | null {
  const [first] = entities;
  if (!first) return null;
  const meta = metadataOf(mapping, first);
  if (meta.primaryKeys.length !== 1) throw new TypeError(`${meta.className} has a composite key`);
  const key = meta.primaryKeys[0]!;
  const column = meta.properties[key]!.fieldNames[0]!;
  return {
    sql: `delete from ${tableOf(mapping, first)} where ${mapping.getPlatform().quoteIdentifier(column)} in (?)`,
    params: [entities.map((entity) => (entity as Record<string, SqlValue>)[key]!)],
  };
}
