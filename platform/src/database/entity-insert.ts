import { helper, ReferenceKind, type EntityManager } from '@mikro-orm/postgresql';
import type { SqlQuery, SqlValue } from '../tenancy/tenant-database';

/**
 * The statement inserting a new entity, as MikroORM's flush would write it: the columns of its
 * metadata, relations by their key, custom types (JSON, big integers) converted to what the
 * database stores; a property left undefined takes the column's default. For a change whose
 * statements are all known in advance (`TenantDatabase.write`), without the unit of work: the
 * entity is not managed afterwards.
 */
export function insertStatement(em: EntityManager, entity: object): SqlQuery {
  const meta = em.getMetadata().find(entity.constructor.name);
  if (!meta) throw new TypeError(`${entity.constructor.name} is not an entity`);
  const platform = em.getPlatform();
  const columns: string[] = [];
  const params: SqlValue[] = [];
  for (const prop of meta.props) {
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
    columns.push(platform.quoteIdentifier(prop.fieldNames[0]!));
    params.push(value as SqlValue);
  }
  const schema = meta.schema ?? em.config.get('schema');
  const table = [schema, meta.tableName]
    .filter(Boolean)
    .map((name) => platform.quoteIdentifier(name!));
  return {
    sql: `insert into ${table.join('.')} (${columns.join(', ')}) values (${columns.map(() => '?').join(', ')})`,
    params,
  };
}
