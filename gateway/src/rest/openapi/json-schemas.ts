import { z } from 'zod';

/** Building blocks of the answers' schemas. */

/** An instant in UTC, to the second, as every answer writes it. */
export const instant = z.string().meta({ format: 'date-time', examples: ['2023-09-15T14:32:45Z'] });

/** An amount in the currency's major unit, written with two decimals (`12.50`). */
export const money = z.number().meta({
  description: 'An amount with two decimals, such as 12.50 (integer cents underneath)',
  examples: [12.5],
});

/** A page of a collection: `data`, and the cursor of the next page (`Link` header too). */
export function page<Item extends z.ZodType>(item: Item) {
  return z.object({
    data: z.array(item),
    has_more: z.boolean(),
    next_cursor: z.string().nullable(),
  });
}

/** A list that is never paged. */
export function list<Item extends z.ZodType>(item: Item) {
  return z.object({ data: z.array(item) });
}

/** A GraphQL enum value as REST writes it, typed as the answer's schema has it. */
export const lowerCase = <Value extends string>(value: string) => value.toLowerCase() as Value;
