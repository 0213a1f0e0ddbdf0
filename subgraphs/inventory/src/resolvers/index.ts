import { DateTimeScalar } from '../../../../platform/src/graphql/scalars';
import type { Resolvers, StockMovementType } from '../__generated__/resolvers-types';
import type { MovementType } from '../entities/stock-movement.entity';
import { fromMilli } from '../quantity';
import { portionsLeft } from '../stock-coverage';

/** GraphQL enums are UPPER_CASE; the domain, the database and REST use lower_case. */
const toDomain = (value: StockMovementType) => value.toLowerCase() as MovementType;
const toGraphQL = (value: MovementType) => value.toUpperCase() as StockMovementType;

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    inventoryItem: (_root, { id }, { services }) => services.itemById.load(id),
    inventoryItems: (_root, args, { services }) => services.inventory.list(args),
    inventoryAlerts: (_root, _args, { services }) => services.inventory.alerts(),
    stockShortages: (_root, { lines }, { services }) => services.inventory.shortages(lines),
  },
  Mutation: {
    createInventoryItem: (_root, { input }, { services }) => services.inventory.create(input),
    recordStockMovement: (_root, { input }, { services }) =>
      services.inventory.recordMovement({ ...input, type: toDomain(input.type) }),
    setStockLevel: (_root, { itemId, quantity, reason }, { services }) =>
      services.inventory.setLevel(itemId, quantity, reason),
    setRecipe: (_root, { menuItemId, ingredients }, { services }) =>
      services.inventory.setRecipe(menuItemId, ingredients),
  },
  InventoryItem: {
    __resolveReference: (reference, { services }) => services.itemById.load(reference.id),
    quantity: (item) => fromMilli(item.quantityMilli),
    lowStockThreshold: (item) => fromMilli(item.lowStockThresholdMilli),
    lowStock: (item) => item.isLowStock(),
    movements: (item, { first }, { services }) => services.inventory.movementsOf(item, first),
  },
  StockMovement: {
    item: (movement) => movement.item,
    type: (movement) => toGraphQL(movement.type),
    quantity: (movement) => fromMilli(movement.deltaMilli),
    quantityAfter: (movement) => fromMilli(movement.quantityAfterMilli),
    createdByKeyId: (movement) => movement.actorKeyId,
    createdByRole: (movement) => movement.actorRole,
  },
  StockShortage: {
    needed: (shortage) => fromMilli(shortage.neededMilli),
    available: (shortage) => fromMilli(shortage.availableMilli),
  },
  RecipeLine: {
    quantity: (line) => fromMilli(line.quantityMilli),
  },
  InventoryItemConnection: {
    nodes: (page) => page.items,
    pageInfo: (page) => ({ hasNextPage: page.hasNextPage, endCursor: page.endCursor }),
  },
  MenuItem: {
    __resolveReference: (reference) => ({ id: reference.id, active: reference.active }),
    available: async (menuItem, _args, { services }) => {
      if (menuItem.active === false) return false;
      const left = portionsLeft(await services.recipeByMenuItem.load(menuItem.id));
      return left === null || left >= 1;
    },
    portionsLeft: async (menuItem, _args, { services }) =>
      portionsLeft(await services.recipeByMenuItem.load(menuItem.id)),
    recipe: (menuItem, _args, { services }) => services.recipeByMenuItem.load(menuItem.id),
  },
};
