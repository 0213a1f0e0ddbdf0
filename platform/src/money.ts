/**
 * Money is integer minor units (cents) with an ISO 4217 currency. Rates are basis points
 * (1000 = 10 %). Nothing here uses floating point except the conversions at the edges.
 */
export interface MoneyValue {
  cents: number;
  currency: string;
}

export const DEFAULT_CURRENCY = 'EUR';

/** Rounds a rational amount of cents `numerator / denominator` half away from zero. */
export function roundHalfAwayFromZero(numerator: number, denominator: number): number {
  if (!Number.isSafeInteger(numerator) || !Number.isSafeInteger(denominator) || denominator <= 0) {
    throw new RangeError('roundHalfAwayFromZero needs safe integers and a positive denominator');
  }
  const sign = numerator < 0 ? -1 : 1;
  const abs = Math.abs(numerator);
  const quotient = Math.floor(abs / denominator);
  const remainder = abs - quotient * denominator;
  return sign * (remainder * 2 >= denominator ? quotient + 1 : quotient);
}

/** VAT on a net amount at a rate in basis points, rounded half away from zero to the cent. */
export function taxOn(netCents: number, rateBasisPoints: number): number {
  return roundHalfAwayFromZero(netCents * rateBasisPoints, 10_000);
}

/** `1250` → `"12.50"`: the decimal form REST shows. */
export function centsToDecimalString(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function centsToAmount(cents: number): number {
  return cents / 100;
}

/** Parses a decimal amount (number or string) into cents, refusing more than two decimals. */
export function decimalToCents(value: number | string): number {
  const text = typeof value === 'number' ? String(value) : value.trim();
  const match = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) throw new RangeError(`not an amount with at most two decimals: ${text}`);
  const cents = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(cents)) throw new RangeError(`amount out of range: ${text}`);
  return match[1] === '-' ? -cents : cents;
}

export function basisPointsToRate(basisPoints: number): number {
  return basisPoints / 10_000;
}
