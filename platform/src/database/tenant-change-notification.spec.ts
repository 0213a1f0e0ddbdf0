import {
  parseTenantChange,
  tenantChangeKey,
  tenantChangePayload,
  tenantChangeNotificationSql,
} from './tenant-change-notification';

describe('tenant change notifications', () => {
  it('name the tenant and the schema as the triggers send them, and read back', () => {
    const payload = tenantChangePayload('rst_1', 'sandbox', 'menu');
    expect(payload).toBe('rst_1/sandbox/menu');
    expect(parseTenantChange(payload)).toEqual({
      tenant: tenantChangeKey('rst_1', 'sandbox'),
      schema: 'menu',
      table: null,
    });
    // The trigger builds the same payload from the row and its table's schema.
    expect(tenantChangeNotificationSql('menu')[0]).toContain(
      `new.restaurant_id || '/' || new.environment::text || '/' || tg_table_schema`,
    );
  });

  it('read a payload without a schema as a change to every schema of the tenant', () => {
    expect(parseTenantChange('rst_1/live')).toEqual({
      tenant: 'rst_1/live',
      schema: null,
      table: null,
    });
  });

  it('name the table too for a schema whose triggers name it, and read back', () => {
    expect(parseTenantChange('rst_1/live/reservations/dining_tables')).toEqual({
      tenant: 'rst_1/live',
      schema: 'reservations',
      table: 'dining_tables',
    });
    expect(tenantChangeNotificationSql('reservations', { naming: 'table' })[0]).toContain(
      `old.environment::text || '/' || tg_table_schema || '/' || tg_table_name)`,
    );
    expect(tenantChangeNotificationSql('menu', { naming: 'tenant' })[0]).toContain(
      `new.environment::text);`,
    );
  });
});
