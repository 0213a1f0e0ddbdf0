/**
 * Change notification per tenant and schema: every row written to a tenant table (one with
 * `restaurant_id` and `environment`) sends `NOTIFY sotto_tenant_changes,
 * '<restaurant>/<environment>/<schema>'` when its transaction commits. PostgreSQL folds identical
 * notifications of one transaction into one and delivers none for a transaction that rolls
 * back. The gateway's read cache listens, and so do the subgraphs' caches of one schema (the
 * menus, whether a restaurant counts stock: `TenantSchemaCache`): whatever writes the row (a
 * service, a consumer, a migration, an operator's SQL), the tenant's cached answers stop being
 * served, and what is kept of the schema is read again.
 */
export const TENANT_CHANGES_CHANNEL = 'sotto_tenant_changes';

/**
 * The trigger's name on each tenant table (a test checks that no tenant table lacks it, but those
 * marked as read by no answer).
 */
export const TENANT_CHANGE_TRIGGER = 'sotto_tenant_change';

/**
 * The comment that marks a tenant table no answer reads (a consumer's own bookkeeping): a write
 * to it changes no cached answer, so it has no trigger, and notifies nobody.
 */
export const UNREAD_TABLE_COMMENT = 'sotto: read by no answer, no change notification';

/** SQL for a migration: marks a tenant table as read by no answer, and drops its trigger. */
export function unreadTableSql(schema: string, table: string): string[] {
  const name = `"${schema}"."${table}"`;
  return [
    `comment on table ${name} is '${UNREAD_TABLE_COMMENT}'`,
    `drop trigger if exists ${TENANT_CHANGE_TRIGGER} on ${name}`,
  ];
}

/** A tenant as the gateway keys its answers by: the notification's payload up to its schema. */
export function tenantChangeKey(restaurantId: string, environment: string): string {
  return `${restaurantId}/${environment}`;
}

/**
 * The payload the triggers send for a change to the tenant's rows in `schema`, naming no table:
 * a change to any of the schema's (as this process tells its own, `changedHere`). A schema whose
 * triggers name the table appends `/<table>` (`ChangeNaming`).
 */
export function tenantChangePayload(
  restaurantId: string,
  environment: string,
  schema: string,
): string {
  return `${tenantChangeKey(restaurantId, environment)}/${schema}`;
}

/** A notification, read (`parseTenantChange`). */
export interface TenantChange {
  /** `tenantChangeKey`. */
  tenant: string;
  /** Null: a change to every schema of the tenant. */
  schema: string | null;
  /** Null: a change to every table of the schema. */
  table: string | null;
}

/**
 * A notification's tenant, schema and table (`tenantChangePayload`'s inverse). A payload without
 * a schema (a trigger older than the schema's name in it, or a hand-sent one) changes every
 * schema of the tenant; one without a table (a schema whose triggers do not name it, or this
 * process's own news, `changedHere`), every table of the schema.
 */
export function parseTenantChange(payload: string): TenantChange {
  const [restaurantId = '', environment = '', schema, table] = payload.split('/');
  return {
    tenant: tenantChangeKey(restaurantId, environment),
    schema: schema || null,
    table: (schema && table) || null,
  };
}

/**
 * What a schema's notifications name after the tenant: nothing (as before 2026-11-27), the
 * schema, or the schema and the table (for a schema whose caches read some of its tables only:
 * a booking, which writes reservations and holds, then leaves a floor of tables kept).
 */
export type ChangeNaming = 'tenant' | 'schema' | 'table';

/** What the trigger appends to the tenant, in SQL, for each `ChangeNaming`. */
const NAMED: Record<ChangeNaming, string> = {
  tenant: '',
  schema: ` || '/' || tg_table_schema`,
  table: ` || '/' || tg_table_schema || '/' || tg_table_name`,
};

/**
 * SQL for a migration: the trigger function of `schema`, and the trigger on every table of the
 * schema that has the two tenant columns (again on each run: tables added since get it too),
 * except those marked as read by no answer (`unreadTableSql`); its payload names what `naming`
 * says.
 */
export function tenantChangeNotificationSql(
  schema: string,
  { naming = 'schema' }: { naming?: ChangeNaming } = {},
): string[] {
  const fn = `"${schema}"."sotto_notify_tenant_change"`;
  const payload = (row: string) =>
    `${row}.restaurant_id || '/' || ${row}.environment::text${NAMED[naming]}`;
  return [
    `create or replace function ${fn}() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'INSERT' then
        perform pg_notify('${TENANT_CHANGES_CHANNEL}', ${payload('old')});
      end if;
      if tg_op <> 'DELETE' then
        perform pg_notify('${TENANT_CHANGES_CHANNEL}', ${payload('new')});
      end if;
      return null;
    end $$`,
    `do $$
    declare t record;
    begin
      for t in
        select c.table_name from information_schema.columns c
          join information_schema.tables b
            on b.table_schema = c.table_schema and b.table_name = c.table_name
         where c.table_schema = '${schema}' and b.table_type = 'BASE TABLE'
           and c.column_name in ('restaurant_id', 'environment')
           and obj_description(format('%I.%I', c.table_schema, c.table_name)::regclass, 'pg_class')
               is distinct from '${UNREAD_TABLE_COMMENT}'
         group by c.table_name having count(*) = 2
      loop
        execute format('drop trigger if exists ${TENANT_CHANGE_TRIGGER} on %I.%I', '${schema}', t.table_name);
        execute format('create trigger ${TENANT_CHANGE_TRIGGER} after insert or update or delete
          on %I.%I for each row execute function ${fn}()', '${schema}', t.table_name);
      end loop;
    end $$`,
  ];
}

/** SQL for a migration's `down`: the triggers go with the function. */
export function dropTenantChangeNotificationSql(schema: string): string {
  return `drop function if exists "${schema}"."sotto_notify_tenant_change"() cascade`;
}
