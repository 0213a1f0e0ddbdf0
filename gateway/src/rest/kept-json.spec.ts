import { deepFreeze } from '../../../platform/src/deep-freeze';
import { Decimal } from './decimal-json';
import { restJsonOf } from './kept-json';

interface Source {
  id: string;
  cents: number;
}

describe('restJsonOf', () => {
  const calls: Source[] = [];
  const mapper = (source: Source) => {
    calls.push(source);
    return { id: source.id, total: new Decimal(source.cents) };
  };
  beforeEach(() => (calls.length = 0));

  it('maps a frozen answer once and serves the same JSON after', () => {
    const kept = deepFreeze({ id: 'ord_1', cents: 1250 });
    expect(restJsonOf(kept, mapper)).toBe('{"id":"ord_1","total":12.50}');
    expect(restJsonOf(kept, mapper)).toBe('{"id":"ord_1","total":12.50}');
    expect(calls).toHaveLength(1);
  });

  it('maps an answer that is not frozen every time: it may change', () => {
    const live = { id: 'ord_2', cents: 450 };
    expect(restJsonOf(live, mapper)).toBe('{"id":"ord_2","total":4.50}');
    live.cents = 500;
    expect(restJsonOf(live, mapper)).toBe('{"id":"ord_2","total":5.00}');
    expect(calls).toHaveLength(2);
  });

  it('keeps one JSON per mapper of the same answer', () => {
    const kept = deepFreeze({ id: 'ord_3', cents: 100 });
    const idOnly = (source: Source) => ({ id: source.id });
    expect(restJsonOf(kept, mapper)).toBe('{"id":"ord_3","total":1.00}');
    expect(restJsonOf(kept, idOnly)).toBe('{"id":"ord_3"}');
    expect(restJsonOf(kept, mapper)).toBe('{"id":"ord_3","total":1.00}');
    expect(calls).toHaveLength(1);
  });
});
