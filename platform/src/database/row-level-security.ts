import { TENANT_ROLE, TENANT_SETTINGS } from '../tenancy/tenant-database';

/**
 * SQL for migrations: the `sotto_tenant` role that tenant transactions switch to, and the
 * row-level security policy of a tenant table. Roles belong to the whole server, so creating
 * it tolerates another database (or a concurrent migration) having created it first; a service
 * user that is not a superuser is made a member so that it may switch to it.
 */
export function tenantRoleSql(): string {
  return `
    do $$
    begin
      begin
        create role ${TENANT_ROLE} nologin;
      exception when duplicate_object or unique_violation then null;
      end;
      if not (select rolsuper from pg_roles where rolname = current_user) then
        execute format('grant ${TENANT_ROLE} to %I', current_user);
      end if;
    end $$`;
}

/** The statements that confine a table's rows to the tenant set by `TenantDatabase`. */
export function tenantTableSql(
  schema: string,
  table: string,
  privileges = 'select, insert, update, delete',
): string[] {
  const name = `"${schema}"."${table}"`;
  const sameTenant = `"restaurant_id" = current_setting('${TENANT_SETTINGS.restaurantId}', true)
      and "environment" = current_setting('${TENANT_SETTINGS.environment}', true)`;
  return [
    `grant usage on schema "${schema}" to ${TENANT_ROLE}`,
    `grant ${privileges} on ${name} to ${TENANT_ROLE}`,
    `alter table ${name} enable row level security`,
    `create policy "${table}_tenant_isolation" on ${name} to ${TENANT_ROLE}
      using (${sameTenant}) with check (${sameTenant})`,
  ];
}
