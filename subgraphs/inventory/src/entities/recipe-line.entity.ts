import { randomUUID } from 'node:crypto';
import { BigIntType, EntitySchema } from '@mikro-orm/postgresql';
import type { Environment } from '../../../../platform/src/tenancy/tenant';
import type { InventoryItem } from './inventory-item.entity';

/** What one portion of a menu item takes from one stock item. */
export class RecipeLine {
  readonly uuid = randomUUID();
  readonly restaurantId: string;
  readonly environment: Environment;

  constructor(
    readonly menuItemId: string,
    readonly item: InventoryItem,
    readonly quantityMilli: number,
  ) {
    if (!Number.isSafeInteger(quantityMilli) || quantityMilli <= 0) {
      throw new RangeError('a recipe takes a positive quantity');
    }
    this.restaurantId = item.restaurantId;
    this.environment = item.environment;
  }
}

export const RecipeLineSchema = new EntitySchema<RecipeLine>({
  class: RecipeLine,
  tableName: 'recipe_lines',
  properties: {
    uuid: { type: 'uuid', primary: true },
    restaurantId: { type: 'string', columnType: 'text' },
    environment: { type: 'string', columnType: 'text' },
    menuItemId: { type: 'string', columnType: 'text' },
    item: { kind: 'm:1', entity: 'InventoryItem', deleteRule: 'cascade', updateRule: 'cascade' },
    quantityMilli: { type: new BigIntType('number') },
  },
  uniques: [
    {
      name: 'recipe_lines_tenant_menu_item_unique',
      properties: ['restaurantId', 'environment', 'menuItemId', 'item'],
    },
  ],
  checks: [{ name: 'recipe_lines_quantity_check', expression: 'quantity_milli > 0' }],
});
