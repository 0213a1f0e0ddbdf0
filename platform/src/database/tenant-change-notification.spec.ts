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
    });
    // The trigger builds the same payload from the row and its table's schema.
    expect(tenantChangeNotificationSql('menu')[0]).toContain(
      `new.restaurant_id || '/' || new.environment::text || '/' || tg_table_schema`,
    );
  });

  it('read a payload without a schema as a change to every schema of the tenant', () => {
    expect(parseTenantChange('rst_1/live')).toEqual({ tenant: 'rst_1/live', schema: null });
  });
});
