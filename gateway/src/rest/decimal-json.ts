import { randomBytes } from 'node:crypto';
import { centsToDecimalString } from '../../../platform/src/money';

/**
 * An amount that REST writes as a JSON number with two decimals, `12.50` and not `12.5`, as
 * the spec's examples do. JSON.stringify cannot write such a number, so the serializer below
 * puts a unique placeholder in its place and swaps in the literal afterwards.
 */
export class Decimal {
  constructor(readonly cents: number) {}
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

const MARK = `__sotto_decimal_${randomBytes(8).toString('hex')}__`;
const PLACEHOLDER = new RegExp(`"${MARK}(-?\\d+\\.\\d{2})"`, 'g');

export function serializeRestJson(payload: unknown): string {
  const text = JSON.stringify(payload, (_key, value: unknown) =>
    value instanceof Decimal ? `${MARK}${centsToDecimalString(value.cents)}` : value,
  );
  return text.replace(PLACEHOLDER, '$1');
}
