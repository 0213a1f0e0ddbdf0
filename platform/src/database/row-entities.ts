import {
  Collection,
  ReferenceKind,
  SCALAR_TYPES,
  Utils,
  type EntityDictionary,
  type EntityManager,
  type EntityMetadata,
  type EntityName,
  type EntityProperty,
} from '@mikro-orm/postgresql';

/** One row as the driver answers it: column names to values. */
export type Row = Record<string, unknown>;

/**
 * Entities already read, that a many-to-one property of the mapped rows points to, by that
 * property's name: e.g. `{ order: orders }` for order items read with their orders.
 */
export type RelatedEntities = Record<string, readonly object[]>;

interface MappingPlan {
  meta: EntityMetadata;
  /** A property's value, as MikroORM's result mapper gives it, as the entity holds it. */
  scalars: { name: string; convert: (value: unknown) => unknown }[];
  manyToOne: { name: string; target: EntityMetadata }[];
  toMany: string[];
}

/** Plans per entity's metadata, which belongs to one ORM: built once, at the first read. */
const plans = new WeakMap<EntityMetadata, MappingPlan>();

/**
 * Rows as instances of their entity's class, for an answer: the values MikroORM's `em.map`
 * gives (its result mapper for columns and dates, its validator's fixes, its custom types),
 * without the unit of work. `em.map` registers each entity in the identity map, snapshots it
 * for change tracking and defines its properties one by one through the accessors MikroORM puts
 * on the class's prototype: about 50 µs an entity, a tenth of an executed order read. Here the
 * values go into a plain object that then takes the class's prototype, so that the class's
 * methods and getters work as on a managed entity.
 *
 * The entities are not managed: nothing tracks them and a flush never writes them. They are for
 * reads; a change re-reads what it changes, under a lock, in its own transaction. A many-to-one
 * property is the entity of `related` with that key, or else a reference of the target class
 * holding only its key; collections are created uninitialized, for the reader to fill
 * (`fillCollection`) when it read them too.
 */
export function rowEntities<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  rows: readonly Row[],
  related?: RelatedEntities,
): T[] {
  const meta = em.getMetadata().get<T>(Utils.className(entity));
  let plan = plans.get(meta);
  if (!plan) {
    plan = mappingPlan(em, meta);
    plans.set(meta, plan);
  }
  const byKey = new Map<string, Map<unknown, object>>();
  for (const { name, target } of plan.manyToOne) {
    const key = target.primaryKeys[0]!;
    byKey.set(name, new Map((related?.[name] ?? []).map((one) => [(one as Row)[key], one])));
  }
  const driver = em.getDriver();
  return rows.map(
    (row) => entityOf(plan, driver.mapResult(row as EntityDictionary<T>, meta) as Row, byKey) as T,
  );
}

/**
 * Fills the collection `property` of `owner`, which `rowEntities` created uninitialized, with the
 * entities read for it (each already pointing back to `owner`: mapped with it as `related`).
 * Not MikroORM's `Collection.hydrate`, which adds the items one by one, propagating each to its
 * owning side and snapshotting the collection for the unit of work: that wraps the owner and
 * every item in MikroORM's helper, for a unit of work that never sees these entities. A
 * collection made with its items is initialized as `hydrate` leaves it, and changes afterwards
 * (`add`, `removeAll`: a change re-read under its lock) go through MikroORM as on any other.
 */
export function fillCollection<O extends object>(
  owner: O,
  property: keyof O & string,
  items: readonly object[],
): void {
  (owner as Row)[property] = new Collection(owner, [...items]);
}

function entityOf(plan: MappingPlan, data: Row, byKey: Map<string, Map<unknown, object>>) {
  const values: Row = {};
  for (const { name, convert } of plan.scalars) values[name] = convert(data[name]);
  for (const { name, target } of plan.manyToOne) {
    const key = data[name];
    values[name] =
      key == null
        ? null
        : (byKey.get(name)!.get(key) ??
          Object.setPrototypeOf({ [target.primaryKeys[0]!]: key }, target.prototype));
  }
  // Own properties before the prototype: an assignment then never reaches its accessors.
  for (const name of plan.toMany) values[name] = undefined;
  const entity = Object.setPrototypeOf(values, plan.meta.prototype) as Row;
  for (const name of plan.toMany) entity[name] = new Collection(entity, undefined, false);
  return entity;
}

function mappingPlan(em: EntityManager, meta: EntityMetadata): MappingPlan {
  const plan: MappingPlan = { meta, scalars: [], manyToOne: [], toMany: [] };
  for (const prop of meta.props) {
    const where = `${meta.className}.${prop.name}`;
    if (prop.persist === false || prop.formula || prop.embedded || prop.embeddable) {
      throw new TypeError(`${where} is not a column: rows cannot be mapped to it`);
    }
    if (prop.kind === ReferenceKind.SCALAR) {
      plan.scalars.push({ name: prop.name, convert: converter(em, prop) });
    } else if (prop.kind === ReferenceKind.MANY_TO_ONE) {
      if (prop.targetMeta!.primaryKeys.length !== 1) {
        throw new TypeError(`${where} points to a composite key: rows cannot be mapped to it`);
      }
      plan.manyToOne.push({ name: prop.name, target: prop.targetMeta! });
    } else if (
      prop.kind === ReferenceKind.ONE_TO_MANY ||
      prop.kind === ReferenceKind.MANY_TO_MANY
    ) {
      plan.toMany.push(prop.name);
    } else {
      throw new TypeError(`${where} is a ${prop.kind} relation: rows cannot be mapped to it`);
    }
  }
  return plan;
}

/** What `em.map` does to a mapped value: its validator's fixes, then hydration's conversions. */
function converter(em: EntityManager, prop: EntityProperty): (value: unknown) => unknown {
  const { customType } = prop;
  if (customType) {
    const platform = em.getPlatform();
    return (value) => (value == null ? value : customType.convertToJSValue(value, platform));
  }
  const validator = em.getValidator();
  const validated =
    SCALAR_TYPES.includes(prop.runtimeType) && (prop.setter || !prop.getter)
      ? (value: unknown) => validator.validateProperty(prop, value, {})
      : (value: unknown) => value;
  if (prop.runtimeType === 'boolean') {
    return (value) => (value == null ? value : Boolean(validated(value)));
  }
  return validated;
}
