import { ValidationFailed } from '../../../platform/src/errors';

/**
 * Stock quantities are integer thousandths of the item's unit (grams of a kilo, millilitres of
 * a litre, thousandths of a piece), so sums never drift as floating point would. Only the edges
 * convert: a quantity read from a client has at most three decimals.
 */
export const SCALE = 1000;

/** Above this a quantity is refused: a billion units leaves every sum a safe integer. */
export const MAX_QUANTITY_MILLI = 1_000_000_000 * SCALE;

/** `12.5` → `12500`; undefined when the value is not a number with at most three decimals. */
export function toMilli(value: number): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const match = /^(-?)(\d+)(?:\.(\d{1,3}))?$/.exec(String(value));
  if (!match) return undefined;
  const milli = Number(match[2]) * SCALE + Number((match[3] ?? '').padEnd(3, '0'));
  if (!Number.isSafeInteger(milli) || milli > MAX_QUANTITY_MILLI) return undefined;
  return match[1] === '-' ? -milli : milli;
}

export function fromMilli(milli: number): number {
  return milli / SCALE;
}

export type QuantityRule = 'positive' | 'non-negative' | 'non-zero';

const RULES: Record<QuantityRule, { test: (milli: number) => boolean; message: string }> = {
  positive: { test: (milli) => milli > 0, message: 'must be a positive number' },
  'non-negative': { test: (milli) => milli >= 0, message: 'must be zero or more' },
  'non-zero': { test: (milli) => milli !== 0, message: 'must be a number other than zero' },
};

/** Reads a client's quantity or throws INVALID_QUANTITY naming the field. */
export function parseQuantity(field: string, value: number, rule: QuantityRule): number {
  const milli = toMilli(value);
  const { test, message } = RULES[rule];
  if (milli === undefined || !test(milli)) {
    throw new ValidationFailed('INVALID_QUANTITY', `Invalid quantity: ${field} ${message}`, [
      {
        field,
        message: `${message}, with at most three decimals and at most ${MAX_QUANTITY_MILLI / SCALE}`,
      },
    ]);
  }
  return milli;
}
