import { createLogger } from '../../../platform/src/logger';
import { RequestLogBuffer } from './request-log-buffer';
import type { RequestLogEntry, RequestLogStore } from './request-log-store';

/** A store that keeps what it is given, and can be told to fail or to hold its inserts. */
class MemoryStore {
  readonly batches: string[][] = [];
  failing = false;
  private held: (() => void)[] = [];
  holding = false;

  async insert(entries: readonly RequestLogEntry[]): Promise<void> {
    if (this.holding) await new Promise<void>((resolve) => this.held.push(resolve));
    if (this.failing) throw new Error('database unreachable');
    this.batches.push(entries.map((entry) => entry.requestId));
  }

  release() {
    this.holding = false;
    for (const resolve of this.held.splice(0)) resolve();
  }
}

const entry = (n: number): RequestLogEntry => ({
  restaurantId: 'rst_1',
  environment: 'sandbox',
  keyId: 'key_1',
  requestId: `req_${n}`,
  method: 'GET',
  path: '/api/v1/orders',
  operationName: null,
  status: 200,
  latencyMs: 1,
  occurredAt: new Date(),
});

function bufferOn(store: MemoryStore, capacity = 5, batchSize = 3) {
  let dropped = 0;
  const buffer = new RequestLogBuffer(
    store as unknown as RequestLogStore,
    createLogger('test', 'silent'),
    { capacity, batchSize, flushEveryMs: 60_000, onDrop: (count) => (dropped += count) },
  );
  return { buffer, dropped: () => dropped };
}

describe('RequestLogBuffer', () => {
  it('writes nothing on record, then everything in batches of at most batchSize', async () => {
    const store = new MemoryStore();
    store.holding = true;
    const { buffer } = bufferOn(store, 100, 3);
    for (let n = 1; n <= 2; n++) buffer.record(entry(n));
    expect(store.batches).toEqual([]);
    expect(buffer.pending).toBe(2);
    store.release();
    for (let n = 3; n <= 7; n++) buffer.record(entry(n));
    await buffer.stop();
    expect(store.batches.flat()).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `req_${n}`));
    expect(Math.max(...store.batches.map((batch) => batch.length))).toBeLessThanOrEqual(3);
    expect(buffer.pending).toBe(0);
  });

  it('drops the oldest entries past its capacity and counts them, instead of growing', async () => {
    const store = new MemoryStore();
    store.failing = true;
    const { buffer, dropped } = bufferOn(store, 5, 100);
    for (let n = 1; n <= 8; n++) buffer.record(entry(n));
    expect(buffer.pending).toBe(5);
    expect(dropped()).toBe(3);
    // A failed flush keeps its entries for the next one, still within the capacity.
    await expect(buffer.flush()).rejects.toThrow('database unreachable');
    buffer.record(entry(9));
    expect(buffer.pending).toBe(5);
    expect(dropped()).toBe(4);
    store.failing = false;
    await buffer.flush();
    expect(store.batches.flat()).toEqual([5, 6, 7, 8, 9].map((n) => `req_${n}`));
  });

  it('writes what waits when it stops, and records nothing after', async () => {
    const store = new MemoryStore();
    const { buffer } = bufferOn(store, 100, 100);
    buffer.record(entry(1));
    await buffer.stop();
    buffer.record(entry(2));
    expect(store.batches).toEqual([['req_1']]);
    expect(buffer.pending).toBe(0);
  });
});
