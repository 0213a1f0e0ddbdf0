import { createHash } from 'node:crypto';
import {
  cacheableQueryHash,
  cacheLifetimeOf,
  CACHEABLE_ROOT_FIELDS,
  CLOCK_BOUND_MS,
} from './read-cache-plugin';
import { ReadCache } from './read-cache';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';

const operationOf = (source: string) =>
  parse(source).definitions.find(
    (definition): definition is OperationDefinitionNode =>
      definition.kind === Kind.OPERATION_DEFINITION,
  )!;

describe('ReadCache', () => {
  let now = 0;
  const clock = () => now;
  const atGeneration = (generation: number) => () => generation;

  beforeEach(() => {
    now = 1_000;
  });

  it('serves an answer only at the generation it was read at', () => {
    const cache = new ReadCache({ maxBytes: 10_000, ttlMs: 60_000 }, clock);
    cache.set('k', 'rst_1/sandbox', 3, { order: { id: 'ord_1' } });
    expect(cache.get('k', atGeneration(3))).toEqual({ order: { id: 'ord_1' } });
    expect(cache.get('k', atGeneration(4))).toBeUndefined();
    // Dropped when found stale: even the old generation no longer finds it.
    expect(cache.get('k', atGeneration(3))).toBeUndefined();
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
  });

  it('serves an answer no longer than its time to live', () => {
    const cache = new ReadCache({ maxBytes: 10_000, ttlMs: 500 }, clock);
    cache.set('k', 't', 0, { a: 1 });
    now += 499;
    expect(cache.get('k', atGeneration(0))).toEqual({ a: 1 });
    now += 1;
    expect(cache.get('k', atGeneration(0))).toBeUndefined();
  });

  it('keeps an answer no longer than its own lifetime when shorter', () => {
    const cache = new ReadCache({ maxBytes: 10_000, ttlMs: 60_000 }, clock);
    cache.set('k', 't', 0, { a: 1 }, 1_000);
    now += 999;
    expect(cache.get('k', atGeneration(0))).toEqual({ a: 1 });
    now += 1;
    expect(cache.get('k', atGeneration(0))).toBeUndefined();
  });

  it('keeps the answer it holds when one is read at its generation with over half its lifetime ahead', () => {
    const cache = new ReadCache({ maxBytes: 10_000, ttlMs: 60_000 }, clock);
    const first = { a: 1 };
    cache.set('k', 't', 0, first);
    now += 29_999;
    cache.set('k', 't', 0, { a: 2 });
    expect(cache.get('k', atGeneration(0))).toBe(first);
    // Half its time to live left: the fresh answer replaces it, with a time to live of its own.
    now += 1;
    cache.set('k', 't', 0, { a: 3 });
    now += 59_999;
    expect(cache.get('k', atGeneration(0))).toEqual({ a: 3 });
    // Read at another generation: replaced at once.
    cache.set('k', 't', 1, { a: 4 });
    expect(cache.get('k', atGeneration(1))).toEqual({ a: 4 });
    expect(cache.size).toEqual({ entries: 1, bytes: 'k'.length + JSON.stringify({ a: 4 }).length });
  });

  it('counts an answer not kept again as just used', () => {
    const answer = { text: 'x'.repeat(80) }; // 91 bytes of JSON, plus the key's length
    const cache = new ReadCache({ maxBytes: 1_600, ttlMs: 60_000 }, clock);
    for (let i = 0; i < 17; i++) cache.set(`k${i}`, 't', 0, { ...answer }); // 1,581 bytes
    cache.set('k0', 't', 0, { ...answer });
    cache.set('new', 't', 0, { ...answer });
    expect(cache.get('k1', atGeneration(0))).toBeUndefined();
    expect(cache.get('k2', atGeneration(0))).toBeDefined();
    expect(cache.get('k0', atGeneration(0))).toBeDefined();
  });

  it('evicts the least recently used answers beyond its size, and refuses an oversized one', () => {
    const answer = { text: 'x'.repeat(80) }; // 91 bytes of JSON, plus the key's length
    const cache = new ReadCache({ maxBytes: 1_600, ttlMs: 60_000 }, clock);
    for (let i = 0; i < 20; i++) cache.set(`k${i}`, 't', 0, { ...answer });
    expect(cache.size.bytes).toBeLessThanOrEqual(1_600);
    expect(cache.get('k0', atGeneration(0))).toBeUndefined();
    expect(cache.get('k19', atGeneration(0))).toBeDefined();
    // Reading k1x makes it the most recent: the next additions evict others first.
    const kept = [...Array(20).keys()]
      .map((i) => `k${i}`)
      .filter((k) => cache.get(k, atGeneration(0)));
    cache.get(kept[0]!, atGeneration(0));
    cache.set('new', 't', 0, { ...answer });
    expect(cache.get(kept[0]!, atGeneration(0))).toBeDefined();
    expect(cache.get(kept[1]!, atGeneration(0))).toBeUndefined();
    cache.set('huge', 't', 0, { text: 'x'.repeat(200) });
    expect(cache.get('huge', atGeneration(0))).toBeUndefined();
  });

  describe('derived values', () => {
    const kept = () => {
      const cache = new ReadCache({ maxBytes: 1_600, ttlMs: 60_000 }, clock);
      cache.set('k', 't', 0, { order: { id: 'ord_1' } });
      return { cache, data: cache.get('k', atGeneration(0)) as { order: { id: string } } };
    };
    const maker = () => 'x'.repeat(30);

    it('makes what is derived from a kept answer, or a root field of it, once, and counts it', () => {
      const { cache, data } = kept();
      const before = cache.size.bytes;
      const make = jest.fn(maker);
      expect(cache.derived(data.order, maker, make)).toBe('x'.repeat(30));
      expect(cache.derived(data.order, maker, make)).toBe('x'.repeat(30));
      expect(make).toHaveBeenCalledTimes(1);
      expect(cache.size.bytes).toBe(before + 30);
      // Another maker of the same answer is kept apart.
      const other = () => 'y';
      expect(cache.derived(data, other, other)).toBe('y');
      expect(cache.size.bytes).toBe(before + 31);
    });

    it('drops it with its answer, and makes it every time for what the cache does not hold', () => {
      const { cache, data } = kept();
      cache.derived(data.order, maker, maker);
      expect(cache.get('k', atGeneration(1))).toBeUndefined();
      expect(cache.size).toEqual({ entries: 0, bytes: 0 });
      const make = jest.fn(maker);
      cache.derived(data.order, maker, make);
      cache.derived({ id: 'ord_2' }, maker, make);
      cache.derived({ id: 'ord_2' }, maker, make);
      expect(make).toHaveBeenCalledTimes(3);
      expect(cache.size).toEqual({ entries: 0, bytes: 0 });
    });

    it('keeps nothing that would grow an answer past its share of the cache', () => {
      const { cache, data } = kept();
      const before = cache.size.bytes;
      const huge = jest.fn(() => 'x'.repeat(100));
      expect(cache.derived(data.order, huge, huge)).toHaveLength(100);
      cache.derived(data.order, huge, huge);
      expect(huge).toHaveBeenCalledTimes(2);
      expect(cache.size.bytes).toBe(before);
    });

    it('counts derived values in the size that evicts the least recently used', () => {
      const cache = new ReadCache({ maxBytes: 1_600, ttlMs: 60_000 }, clock);
      let count = 0;
      while (cache.size.bytes < 1_560) cache.set(`k${count++}`, 't', 0, { order: { id: 1 } });
      const last = cache.get(`k${count - 1}`, atGeneration(0)) as { order: object };
      cache.derived(last.order, maker, () => 'x'.repeat(60));
      expect(cache.size.bytes).toBeLessThanOrEqual(1_600);
      expect(cache.get('k0', atGeneration(0))).toBeUndefined();
      expect(cache.get(`k${count - 1}`, atGeneration(0))).toBeDefined();
    });
  });

  it('hands out answers that nobody can change', () => {
    const cache = new ReadCache({ maxBytes: 10_000, ttlMs: 60_000 }, clock);
    cache.set('k', 't', 0, { order: { items: [{ quantity: 1 }] } });
    const read = cache.get('k', atGeneration(0)) as { order: { items: { quantity: number }[] } };
    expect(() => {
      read.order.items[0]!.quantity = 2;
    }).toThrow(TypeError);
  });
});

describe('cacheLifetimeOf', () => {
  const lifetimeOf = (source: string) => cacheLifetimeOf(operationOf(source));

  it('keeps queries made only of cacheable root fields until a change', () => {
    expect(lifetimeOf('{ order(id: "x") { id } menuItems { id } }')).toBe(Infinity);
    expect(lifetimeOf('query { __typename orders { edges { cursor } } }')).toBe(Infinity);
  });

  it('keeps an answer that reads the clock a second at most', () => {
    expect(lifetimeOf('{ tableAvailability(startTime: "x", partySize: 2) { bestFit } }')).toBe(
      CLOCK_BOUND_MS,
    );
    expect(lifetimeOf('{ order(id: "x") { id } reservations { nodes { id } } }')).toBe(
      CLOCK_BOUND_MS,
    );
  });

  it('never keeps mutations, identity and webhook reads, or fragments at the root', () => {
    expect(lifetimeOf('mutation { createOrder(input: {}) { id } }')).toBeNull();
    expect(lifetimeOf('{ order(id: "x") { id } viewer { id } }')).toBeNull();
    expect(lifetimeOf('{ webhooks { id } }')).toBeNull();
    expect(lifetimeOf('{ ... on Query { order(id: "x") { id } } }')).toBeNull();
    expect(CACHEABLE_ROOT_FIELDS.has('calendarFeeds')).toBe(false);
  });
});

describe('cacheableQueryHash', () => {
  it("gives a kept operation's text Apollo Server's hash of it", () => {
    const query = 'query Get($id: ID!) { order(id: $id) { id } }';
    expect(cacheableQueryHash(query)).toBe(createHash('sha256').update(query).digest('hex'));
    expect(cacheableQueryHash(query)).toBe(cacheableQueryHash(query));
  });

  it('gives none to what the cache never keeps, so that it is not looked up', () => {
    expect(cacheableQueryHash('mutation { createOrder(input: {}) { id } }')).toBeUndefined();
    expect(cacheableQueryHash('{ viewer { id } }')).toBeUndefined();
    expect(
      cacheableQueryHash('query A { order(id: "x") { id } } query B { tables { id } }'),
    ).toBeUndefined();
    expect(cacheableQueryHash('{ order(id: ')).toBeUndefined();
  });
});
