import DataLoader from 'dataloader';
import type { MikroORM } from '@mikro-orm/postgresql';
import { tenantRequestContext } from '../../../platform/src/graphql/request-context';
import type { SubgraphDefinition } from '../../../platform/src/graphql/subgraph-server';
import type { Logger } from '../../../platform/src/logger';
import type { MenuContext } from './context';
import { MenuItemSchema } from './entities/menu-item.entity';
import { MenuService, type MenuRows } from './menu.service';
import { menuMigrations } from './migrations';
import { menuPermissions } from './permissions';
import { resolvers } from './resolvers';

export const MENU_SCHEMA = 'menu';
export const menuEntities = [MenuItemSchema];
export const menuTenantEntities = ['MenuItem'];
export { menuMigrations };

export function menuSubgraph(deps: {
  orm: MikroORM;
  internalSecret: string;
  logger: Logger;
  /** The process's menus, kept until a change is notified; without it, each read reads. */
  menus?: MenuRows;
}): SubgraphDefinition<MenuContext> {
  const { menus, ...rest } = deps;
  return {
    name: 'menu',
    resolvers,
    permissions: menuPermissions,
    ...rest,
    context: (caller, requestId) =>
      tenantRequestContext(deps.orm, caller, requestId, (db) => {
        const menu = new MenuService(db, menus);
        return {
          menu,
          menuItemByCode: new DataLoader((codes: readonly string[]) => menu.findManyByCode(codes)),
        };
      }),
  };
}
