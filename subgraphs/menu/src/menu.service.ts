import type { TenantDatabase } from '../../../platform/src/tenancy/tenant-database';
import { TenantWhere } from '../../../platform/src/tenancy/tenant-where';
import { MenuItem, type MenuItemFields } from './entities/menu-item.entity';

/** Reads and seeds one tenant's menu, through the tenant's confined database. */
export class MenuService {
  constructor(private readonly db: TenantDatabase) {}

  /** The items of these codes and this category (each when given), by category and name. */
  async list(filter: { codes?: readonly string[] | null; category?: string | null } = {}) {
    const where = new TenantWhere();
    if (filter.codes) {
      if (!filter.codes.length) return [];
      where.and('code in (?)', [...new Set(filter.codes)]);
    }
    if (filter.category) where.and('category = ?', filter.category);
    return this.db.readEntities(MenuItem, {
      sql: `select * from menu.menu_items where ${where} order by category, name`,
      params: where.params,
    });
  }

  /** One query for many codes, in the order asked; `null` where the code is unknown. */
  async findManyByCode(codes: readonly string[]): Promise<(MenuItem | null)[]> {
    const items = await this.list({ codes });
    const byCode = new Map(items.map((item) => [item.code, item]));
    return codes.map((code) => byCode.get(code) ?? null);
  }

  /** Adds the items whose code the menu lacks; existing items are left as they are. */
  async addMissing(items: readonly MenuItemFields[]): Promise<number> {
    return this.db.transaction(async (em) => {
      const existing = new Set((await em.find(MenuItem, {})).map((item) => item.code));
      const missing = items.filter((item) => !existing.has(item.code));
      for (const fields of missing) em.persist(new MenuItem(this.db.tenant, fields));
      await em.flush();
      return missing.length;
    });
  }
}
