import { can, permissionsOf } from './permissions';
import type { Role } from './tenant';

describe('permissionsOf', () => {
  it("answers a role's permissions, with what they imply and what every key holds", () => {
    const server = permissionsOf({ role: 'server', scopes: [] });
    expect(server.has('orders:write')).toBe(true);
    expect(server.has('logs:read')).toBe(true);
    expect(server.has('menu:manage')).toBe(false);
    expect(can({ role: 'kitchen', scopes: ['orders:write'] }, 'orders:write')).toBe(false);
    expect(permissionsOf({ role: 'manager', scopes: [] })).toBe(
      permissionsOf({ role: 'manager', scopes: ['webhooks:manage'] }),
    );
  });

  it("answers an integrator's scopes, unknown ones left out, implied ones added", () => {
    const scopes = ['orders:write', 'menu:manage', 'nonsense'];
    const integrator = permissionsOf({ role: 'integrator', scopes });
    expect([...integrator].sort()).toEqual(['logs:read', 'orders:item_status', 'orders:write']);
    // Worked out once per scopes' array: the caller's every field asks again.
    expect(permissionsOf({ role: 'integrator', scopes })).toBe(integrator);
    const other = permissionsOf({ role: 'integrator', scopes: ['orders:read'] });
    expect([...other].sort()).toEqual(['logs:read', 'orders:read']);
  });

  it('gives a role it does not know only what every key holds', () => {
    const unknown = permissionsOf({ role: 'intruder' as Role, scopes: ['orders:read'] });
    expect([...unknown]).toEqual(['logs:read']);
  });
});
