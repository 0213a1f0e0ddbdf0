import { basisPointsToRate, centsToAmount } from '../../../../platform/src/money';
import type { Resolvers } from '../__generated__/resolvers-types';
import { DEMO_MENU } from '../demo-menu';

export const resolvers: Resolvers = {
  Query: {
    menuItem: (_root, { id }, { services }) => services.menuItemByCode.load(id),
    menuItems: (_root, { ids, category }, { services }) =>
      services.menu.list({ codes: ids, category }),
  },
  Mutation: {
    loadSampleMenu: (_root, _args, { services }) => services.menu.addMissing(DEMO_MENU),
  },
  MenuItem: {
    __resolveReference: (reference, { services }) => services.menuItemByCode.load(reference.id),
    id: (item) => item.code,
    price: (item) => ({ cents: item.priceCents, currency: item.currency }),
    taxRate: (item) => basisPointsToRate(item.taxRateBasisPoints),
    modifiers: (item) => item.modifiers.map((m) => ({ ...m, currency: item.currency })),
    available: (item) => item.active,
    active: (item) => item.active,
  },
  MenuModifier: {
    id: (modifier) => modifier.code,
    price: (modifier) => ({ cents: modifier.priceCents, currency: modifier.currency }),
  },
  Money: {
    amount: (money) => centsToAmount(money.cents),
  },
};
