import { BatchLookahead } from './batch-lookahead';
import type { StoredEvent } from './event-log';

const event = (id: string, restaurantId: string): StoredEvent => ({
  id,
  seq: '1',
  cursor: '1:1',
  type: 'order.created',
  restaurantId,
  environment: 'sandbox',
  aggregateType: 'order',
  aggregateId: `order_${id}`,
  payload: {},
  occurredAt: new Date(),
});

describe('reading ahead once per batch and tenant', () => {
  it('reads each tenant once per batch, with that tenant’s events only', async () => {
    const reads: string[][] = [];
    const ahead = new BatchLookahead(async (tenant, events) => {
      reads.push(events.map((one) => one.id));
      return `${tenant.restaurantId}/${tenant.environment}`;
    });
    const batch = [event('1', 'a'), event('2', 'b'), event('3', 'a')];
    const answers = await Promise.all(batch.map((one) => ahead.of(one, batch)));
    expect(answers).toEqual(['a/sandbox', 'b/sandbox', 'a/sandbox']);
    expect(reads).toEqual([['1', '3'], ['2']]);
  });

  it('reads again for the next batch, even of the same events', async () => {
    let reads = 0;
    const ahead = new BatchLookahead(async () => ++reads);
    const first = [event('1', 'a')];
    expect(await ahead.of(first[0]!, first)).toBe(1);
    expect(await ahead.of(first[0]!, first)).toBe(1);
    const next = [event('1', 'a')];
    expect(await ahead.of(next[0]!, next)).toBe(2);
  });

  it('tells another environment of the same restaurant apart', async () => {
    const ahead = new BatchLookahead(async (tenant) => tenant.environment);
    const staging = { ...event('2', 'a'), environment: 'staging' as const };
    const batch = [event('1', 'a'), staging];
    expect(await ahead.of(staging, batch)).toBe('staging');
    expect(await ahead.of(batch[0]!, batch)).toBe('sandbox');
  });
});
