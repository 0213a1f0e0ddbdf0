import { Decimal, serializeRestJson } from './decimal-json';

describe('serializeRestJson', () => {
  it('writes amounts as numbers with two decimals, wherever they are', () => {
    const text = serializeRestJson({
      total: new Decimal(1250),
      refund: new Decimal(-300),
      items: [{ unit_price: new Decimal(450), quantity: 2 }],
      tip: new Decimal(0),
    });
    expect(text).toBe(
      '{"total":12.50,"refund":-3.00,"items":[{"unit_price":4.50,"quantity":2}],"tip":0.00}',
    );
    expect(JSON.parse(text)).toEqual({
      total: 12.5,
      refund: -3,
      items: [{ unit_price: 4.5, quantity: 2 }],
      tip: 0,
    });
  });

  it('leaves everything else as JSON.stringify writes it, text that looks like an amount too', () => {
    const answer = { note: '"12.50"', count: 3, nothing: null, when: new Date(0), list: [] };
    expect(serializeRestJson(answer)).toBe(JSON.stringify(answer));
  });
});
