import type DataLoader from 'dataloader';
import type { TenantRequestContext } from '../../../platform/src/graphql/request-context';
import type { MenuItem } from './entities/menu-item.entity';
import type { MenuService } from './menu.service';

export interface MenuServices {
  menu: MenuService;
  /** Batches entity references: one query for all the menu items of one gateway fetch. */
  menuItemByCode: DataLoader<string, MenuItem | null>;
}

export type MenuContext = TenantRequestContext<MenuServices>;
