import { EntitySchema } from '@mikro-orm/postgresql';
import { newId } from '../../../../platform/src/ids';

export class Restaurant {
  readonly id = newId('restaurant');
  readonly createdAt = new Date();

  constructor(public name: string) {
    if (!name.trim()) throw new RangeError('a restaurant needs a name');
  }
}

export const RestaurantSchema = new EntitySchema<Restaurant>({
  class: Restaurant,
  tableName: 'restaurants',
  properties: {
    id: { type: 'string', columnType: 'text', primary: true },
    name: { type: 'string', columnType: 'text' },
    createdAt: { type: 'Date' },
  },
});
