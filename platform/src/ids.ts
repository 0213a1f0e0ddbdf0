import { randomPool } from './crypto/random-pool';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'; // Crockford base32, sorts like time

export const ID_PREFIXES = {
  order: 'ord',
  orderItem: 'itm',
  payment: 'pay',
  refund: 'ref',
  reservation: 'res',
  inventoryItem: 'inv',
  movement: 'mov',
  webhook: 'whk',
  event: 'evt',
  restaurant: 'rst',
  apiKey: 'key',
  calendarFeed: 'cal',
  channelConnection: 'chn',
} as const;

export type IdKind = keyof typeof ID_PREFIXES;

/** Crockford base32 as identifiers are written: lowercase. */
const DIGITS = ALPHABET.toLowerCase();
const RANDOM_BYTES = 10; // 80 bits: 16 base-32 digits

/** `length` base-32 digits of a time in milliseconds (below 2^53), most significant first. */
function encodeTime(now: number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = DIGITS[now % 32]! + out;
    now = Math.floor(now / 32);
  }
  return out;
}

/** 80 fresh random bits as 16 base-32 digits, most significant first. */
function randomDigits(): string {
  const random = randomPool.take(RANDOM_BYTES);
  let out = '';
  let bits = 0;
  let value = 0;
  for (let i = 0; i < RANDOM_BYTES; i++) {
    value = (value << 8) | random[i]!;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += DIGITS[(value >> bits) & 31];
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/**
 * A prefixed, opaque identifier: `ord_` + 10 characters of millisecond time + 16 random
 * characters (80 bits). Identifiers of one kind sort by creation time.
 */
export function newId(kind: IdKind, now = Date.now()): string {
  return `${ID_PREFIXES[kind]}_${encodeTime(now, 10)}${randomDigits()}`;
}

export function hasPrefix(id: string, kind: IdKind): boolean {
  return id.startsWith(`${ID_PREFIXES[kind]}_`);
}
