import type { StoredEvent } from '../../../platform/src/events/event-log';
import { LiveEvents } from './event-hub';

const TENANT = { restaurantId: 'rst_1', environment: 'sandbox' as const };

function event(cursor: string, type: StoredEvent['type'] = 'order.created'): StoredEvent {
  return {
    id: `evt_${cursor}`,
    seq: cursor.split(':')[1]!,
    cursor,
    type,
    ...TENANT,
    aggregateType: 'order',
    aggregateId: `ord_${cursor}`,
    payload: {},
    occurredAt: new Date(0),
  };
}

function live(options: { after?: string; limit?: number; log?: StoredEvent[] } = {}) {
  const log = options.log ?? [];
  const overflows: number[] = [];
  let left = 0;
  const events = new LiveEvents(
    {
      tenant: TENANT,
      accepts: (e) => e.type === 'order.created',
      after: options.after,
      onOverflow: () => overflows.push(1),
    },
    options.after ?? '10:1',
    options.limit ?? 10,
    {
      // One page of two events at a time, as the log would hand them out.
      readAfter: async (cursor) => {
        const [tx, seq] = cursor.split(':').map(BigInt) as [bigint, bigint];
        return log
          .filter((e) => {
            const [etx, eseq] = e.cursor.split(':').map(BigInt) as [bigint, bigint];
            return etx > tx || (etx === tx && eseq > seq);
          })
          .slice(0, 2);
      },
      leave: () => left++,
    },
  );
  return { events, overflows, left: () => left };
}

async function take(events: LiveEvents, count: number): Promise<string[]> {
  const cursors: string[] = [];
  for (let n = 0; n < count; n++) {
    const step = await events.next();
    if (step.done) break;
    cursors.push(step.value.cursor);
  }
  return cursors;
}

describe('LiveEvents', () => {
  it('reads back from its cursor, then the live events held meanwhile, without gap or repeat', async () => {
    const log = ['11:2', '11:3', '12:4', '14:5'].map((c) => event(c));
    const { events } = live({ after: '11:2', log });
    // Delivered live while the read-back has not run yet: one already in the log, one after it.
    events.deliver(event('12:4'));
    events.deliver(event('15:6'));
    events.deliver(event('15:7', 'order.updated'));
    events.deliver(event('16:8'));
    expect(await take(events, 4)).toEqual(['11:3', '12:4', '14:5', '15:6']);
    expect(await take(events, 1)).toEqual(['16:8']);
  });

  it('skips what it has been given already', async () => {
    const { events } = live();
    events.deliver(event('9:9'));
    events.deliver(event('11:1'));
    events.deliver(event('11:1'));
    expect(await take(events, 1)).toEqual(['11:1']);
  });

  it('drops a subscriber that falls more than its limit behind, once', async () => {
    const { events, overflows, left } = live({ limit: 3 });
    for (let n = 1; n <= 5; n++) events.deliver(event(`20:${n}`));
    expect(overflows).toEqual([1]);
    expect(left()).toBe(1);
    expect(await events.next()).toEqual({ done: true, value: undefined });
  });

  it('ends a pending next() when closed', async () => {
    const { events, left } = live();
    const pending = events.next();
    await events.return();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    expect(left()).toBe(1);
  });
});
