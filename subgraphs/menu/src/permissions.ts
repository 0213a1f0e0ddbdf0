import {
  and,
  isAuthenticated,
  notInProduction,
  requires,
  type SubgraphPermissions,
} from '../../../platform/src/graphql/shield';

/**
 * Who may call what in schema/menu.graphql. Every key of the restaurant may read its menu:
 * kitchens, servers and integrators all need names, prices and stations.
 */
export const menuPermissions: SubgraphPermissions = {
  Query: {
    menuItem: isAuthenticated,
    menuItems: isAuthenticated,
  },
  Mutation: {
    loadSampleMenu: and(requires('menu:manage'), notInProduction),
  },
  entities: { MenuItem: null },
};
