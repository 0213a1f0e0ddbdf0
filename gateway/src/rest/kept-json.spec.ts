import Fastify from 'fastify';
import { ReadCache } from '../read-cache/read-cache';
import { Decimal } from './decimal-json';
import { keptJsonSender } from './kept-json';

interface Order {
  id: string;
  cents: number;
}

/** A route sending an order's JSON as the REST routes do, from what `answer` returns. */
async function serving(answer: () => { order: Order }, cache?: ReadCache) {
  const mapped: Order[] = [];
  const orderJson = (order: Order) => {
    mapped.push(order);
    return { order_id: order.id, total: new Decimal(order.cents) };
  };
  const sendJson = keptJsonSender(cache);
  const app = Fastify();
  app.get('/order', async (_request, reply) => sendJson(reply, answer().order, orderJson));
  const url = `${await app.listen({ port: 0, host: '127.0.0.1' })}/order`;
  return { app, mapped, get: () => fetch(url) };
}

describe('keptJsonSender', () => {
  it('sends the JSON of a kept answer, made once while the cache holds it', async () => {
    const cache = new ReadCache({ maxBytes: 10_000, ttlMs: 60_000 });
    cache.set('k', 't', 0, { order: { id: 'ord_1', cents: 1250 } });
    const { app, mapped, get } = await serving(
      () => cache.get('k', () => 0) as { order: Order },
      cache,
    );
    try {
      for (let i = 0; i < 2; i++) {
        const answer = await get();
        expect(answer.status).toBe(200);
        expect(answer.headers.get('content-type')).toBe('application/json; charset=utf-8');
        expect(await answer.text()).toBe('{"order_id":"ord_1","total":12.50}');
      }
      expect(mapped).toHaveLength(1);
    } finally {
      await app.close();
    }
  });

  it('maps an answer the cache does not hold every time, as without a cache', async () => {
    const order = { id: 'ord_2', cents: 450 };
    const withCache = await serving(
      () => ({ order }),
      new ReadCache({ maxBytes: 10_000, ttlMs: 1 }),
    );
    const without = await serving(() => ({ order }));
    try {
      for (const { mapped, get } of [withCache, without]) {
        expect(await (await get()).text()).toBe('{"order_id":"ord_2","total":4.50}');
        order.cents = 500;
        expect(await (await get()).text()).toBe('{"order_id":"ord_2","total":5.00}');
        order.cents = 450;
        expect(mapped).toHaveLength(2);
      }
    } finally {
      await withCache.app.close();
      await without.app.close();
    }
  });
});
