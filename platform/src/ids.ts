import { randomBytes } from 'node:crypto';

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

function encode(value: bigint, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    out = ALPHABET[Number(value & 31n)] + out;
    value >>= 5n;
  }
  return out;
}

/**
 * A prefixed, opaque identifier: `ord_` + 10 characters of millisecond time + 16 random
 * characters (80 bits). Identifiers of one kind sort by creation time.
 */
export function newId(kind: IdKind, now = Date.now()): string {
  const random = BigInt('0x' + randomBytes(10).toString('hex'));
  return `${ID_PREFIXES[kind]}_${encode(BigInt(now), 10)}${encode(random, 16)}`.toLowerCase();
}

export function hasPrefix(id: string, kind: IdKind): boolean {
  return id.startsWith(`${ID_PREFIXES[kind]}_`);
}
