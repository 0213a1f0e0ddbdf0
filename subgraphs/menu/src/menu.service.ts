import type { Row } from '../../../platform/src/database/row-entities';
import type { TenantSchemaCache } from '../../../platform/src/database/tenant-schema-cache';
import type { TenantDatabase } from '../../../platform/src/tenancy/tenant-database';
import { TenantWhere } from '../../../platform/src/tenancy/tenant-where';
import { MenuItem, type MenuItemFields } from './entities/menu-item.entity';

/** A tenant's whole menu, as `MenuService` keeps it between requests (rows by category and name). */
export type MenuRows = TenantSchemaCache<Row[]>;

/** Reads and seeds one tenant's menu, through the tenant's confined database. */
export class MenuService {
  constructor(
    private readonly db: TenantDatabase,
    /**
     * The process's menus: a menu changes a few times a day and is read by every order taken,
     * so its items are read from PostgreSQL once, then again after each change notified.
     */
    private readonly menus?: MenuRows,
  ) {}

  /** The items of these codes and this category (each when given), by category and name. */
  async list(filter: { codes?: readonly string[] | null; category?: string | null } = {}) {
    if (filter.codes && !filter.codes.length) return [];
    if (this.menus) {
      const rows = await this.menus.get(this.db.tenant, () => this.read(new TenantWhere()));
      const codes = filter.codes && new Set(filter.codes);
      return this.db.entities(
        MenuItem,
        rows.filter(
          (row) =>
            (!codes || codes.has(row.code as string)) &&
            (!filter.category || row.category === filter.category),
        ),
      );
    }
    const where = new TenantWhere();
    if (filter.codes) where.and('code in (?)', [...new Set(filter.codes)]);
    if (filter.category) where.and('category = ?', filter.category);
    return this.db.entities(MenuItem, await this.read(where));
  }

  private async read(where: TenantWhere): Promise<Row[]> {
    const [rows] = await this.db.read([
      {
        sql: `select * from menu.menu_items where ${where} order by category, name`,
        params: where.params,
      },
    ]);
    return rows!;
  }

  /** One query for many codes, in the order asked; `null` where the code is unknown. */
  async findManyByCode(codes: readonly string[]): Promise<(MenuItem | null)[]> {
    const items = await this.list({ codes });
    const byCode = new Map(items.map((item) => [item.code, item]));
    return codes.map((code) => byCode.get(code) ?? null);
  }

  /** Adds the items whose code the menu lacks; existing items are left as they are. */
  async addMissing(items: readonly MenuItemFields[]): Promise<number> {
    const added = await this.db.transaction(async (em) => {
      const existing = new Set((await em.find(MenuItem, {})).map((item) => item.code));
      const missing = items.filter((item) => !existing.has(item.code));
      for (const fields of missing) em.persist(new MenuItem(this.db.tenant, fields));
      await em.flush();
      return missing.length;
    });
    // The caller's next order sees the items at once, on this process.
    if (added) await this.menus?.changed(this.db.tenant);
    return added;
  }
}
