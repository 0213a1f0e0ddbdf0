import { OWN_ROWS } from './tenant-database';
import { TenantWhere } from './tenant-where';

describe('TenantWhere', () => {
  it('starts with the tenant and keeps each condition’s values in order', () => {
    const where = new TenantWhere()
      .and('status in (?)', ['created', 'ready'])
      .and('id > ?', 'ord_1')
      .and('low_stock_since is null');
    expect(String(where)).toBe(
      `${OWN_ROWS} and status in (?) and id > ? and low_stock_since is null`,
    );
    expect(where.params).toEqual([['created', 'ready'], 'ord_1']);
  });

  it('is the tenant alone when nothing is added', () => {
    expect(`${new TenantWhere()}`).toBe(OWN_ROWS);
    expect(new TenantWhere().params).toEqual([]);
  });
});
