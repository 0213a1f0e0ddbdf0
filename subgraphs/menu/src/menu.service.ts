import type { EntityManager } from '@mikro-orm/postgresql';
import type { Tenant } from '../../../platform/src/tenancy/tenant';
import { MenuItem, type MenuItemFields } from './entities/menu-item.entity';

/** Reads and seeds one tenant's menu. The entity manager is already scoped to that tenant. */
export class MenuService {
  constructor(
    private readonly em: EntityManager,
    private readonly tenant: Tenant,
  ) {}

  async list(filter: { codes?: readonly string[] | null; category?: string | null } = {}) {
    return this.em.find(
      MenuItem,
      {
        ...(filter.codes ? { code: { $in: [...filter.codes] } } : {}),
        ...(filter.category ? { category: filter.category } : {}),
      },
      { orderBy: { category: 'asc', name: 'asc' } },
    );
  }

  async findByCode(code: string): Promise<MenuItem | null> {
    return this.em.findOne(MenuItem, { code });
  }

  /** One query for many codes, in the order asked; `null` where the code is unknown. */
  async findManyByCode(codes: readonly string[]): Promise<(MenuItem | null)[]> {
    const items = await this.em.find(MenuItem, { code: { $in: [...new Set(codes)] } });
    const byCode = new Map(items.map((item) => [item.code, item]));
    return codes.map((code) => byCode.get(code) ?? null);
  }

  /** Adds the items whose code the menu lacks; existing items are left as they are. */
  async addMissing(items: readonly MenuItemFields[]): Promise<number> {
    const existing = new Set((await this.list()).map((item) => item.code));
    const missing = items.filter((item) => !existing.has(item.code));
    for (const fields of missing) this.em.persist(new MenuItem(this.tenant, fields));
    await this.em.flush();
    return missing.length;
  }
}
