import { isAuthenticated, type SubgraphPermissions } from '../../../platform/src/graphql/shield';

/**
 * Who may call what in schema/menu.graphql. Every key of the restaurant may read its menu:
 * kitchens, servers and integrators all need names, prices and stations.
 */
export const menuPermissions: SubgraphPermissions = {
  Query: {
    menuItem: isAuthenticated,
    menuItems: isAuthenticated,
  },
  entities: { MenuItem: null },
};
