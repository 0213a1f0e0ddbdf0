import { randomBytes } from 'node:crypto';
import { centsToDecimalString } from '../../../platform/src/money';

const MARK = `__sotto_decimal_${randomBytes(8).toString('hex')}__`;
const PLACEHOLDER = new RegExp(`"${MARK}(-?\\d+\\.\\d{2})"`, 'g');

/**
 * An amount that REST writes as a JSON number with two decimals, `12.50` and not `12.5`, as
 * the spec's examples do. JSON.stringify cannot write such a number, so it writes the
 * amount's `toJSON`, a unique placeholder, and {@link serializeRestJson} swaps in the literal
 * afterwards.
 */
export class Decimal {
  constructor(readonly cents: number) {}

  toJSON(): string {
    return `${MARK}${centsToDecimalString(this.cents)}`;
  }
}

/**
 * A REST answer's type as its mapper builds it: the answer's schema type (`z.infer`), with a
 * {@link Decimal} wherever the JSON shows a number. Mappers are typed against it, so the
 * OpenAPI document's schemas and what the routes send cannot drift apart.
 */
export type WithDecimals<T> = T extends number
  ? number | Decimal
  : T extends (infer Item)[]
    ? WithDecimals<Item>[]
    : T extends object
      ? { [Key in keyof T]: WithDecimals<T[Key]> }
      : T;

/**
 * A REST answer as JSON, its amounts written with two decimals. JSON.stringify calls the
 * amounts' `toJSON` itself: no replacer function runs for every value of the answer.
 */
export function serializeRestJson(payload: unknown): string {
  return JSON.stringify(payload).replace(PLACEHOLDER, '$1');
}
