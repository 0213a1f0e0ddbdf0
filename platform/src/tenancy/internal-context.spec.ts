import { decodeInternalContext, encodeInternalContext } from './internal-context';
import type { Caller } from './tenant';

const SECRET = 'a-secret-of-the-platform';
const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);

const caller = (): Caller => ({
  restaurantId: 'rest_1',
  environment: 'sandbox',
  keyId: 'key_1',
  role: 'admin',
  scopes: ['orders:read'],
  limits: { ratePerMinute: 500 },
});

describe('the signed internal context', () => {
  it('carries the caller to the subgraph', () => {
    const header = encodeInternalContext(caller(), SECRET, T0);
    expect(decodeInternalContext(header, SECRET, T0 + 1000)).toEqual(caller());
  });

  it('signs once per caller and second, and again the next second', () => {
    const someone = caller();
    const first = encodeInternalContext(someone, SECRET, T0);
    expect(encodeInternalContext(someone, SECRET, T0 + 999)).toBe(first);
    expect(encodeInternalContext(someone, SECRET, T0 + 1000)).not.toBe(first);
    // Another secret never gets a header signed with the first.
    const other = encodeInternalContext(someone, 'another-secret', T0 + 1000);
    expect(decodeInternalContext(other, SECRET, T0 + 1000)).toBeNull();
    expect(decodeInternalContext(other, 'another-secret', T0 + 1000)).toEqual(someone);
  });

  it('refuses a tampered header, a forged one and a header under another secret, even once checked', () => {
    const header = encodeInternalContext(caller(), SECRET, T0);
    expect(decodeInternalContext(header, SECRET, T0)).not.toBeNull();
    const [payload, signature] = header.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const widened = Buffer.from(JSON.stringify({ ...claims, restaurantId: 'rest_2' })).toString(
      'base64url',
    );
    expect(decodeInternalContext(`${widened}.${signature}`, SECRET, T0)).toBeNull();
    expect(decodeInternalContext(`${payload}.${'A'.repeat(43)}`, SECRET, T0)).toBeNull();
    expect(decodeInternalContext(header, 'another-secret', T0)).toBeNull();
    expect(decodeInternalContext('not-a-header', SECRET, T0)).toBeNull();
    expect(decodeInternalContext(undefined, SECRET, T0)).toBeNull();
  });

  it('refuses a header older than five minutes, though it was accepted before', () => {
    const header = encodeInternalContext(caller(), SECRET, T0);
    expect(decodeInternalContext(header, SECRET, T0 + 299_000)).not.toBeNull();
    expect(decodeInternalContext(header, SECRET, T0 + 301_000)).toBeNull();
  });

  it('answers a caller that nobody can change for the next call of the same header', () => {
    const header = encodeInternalContext(caller(), SECRET, T0);
    const decoded = decodeInternalContext(header, SECRET, T0)!;
    expect(() => {
      'use strict';
      decoded.scopes.push('orders:write');
    }).toThrow(TypeError);
    expect(decodeInternalContext(header, SECRET, T0)!.scopes).toEqual(['orders:read']);
  });
});
