import { eventually } from '../../test/support/eventually';
import { Client } from 'pg';
import {
  listenerApplicationName,
  NotificationListener,
  type ListenerOptions,
} from '../src/database/pg-listener';
import { createScratchDatabase } from '../../test/support/test-platform';

/**
 * The process's listeners share one LISTEN connection per database: each commit that notifies
 * wakes every listening backend of the database, so one per process instead of one per consumer,
 * worker and cache. On a database of this file's own, so that only these listeners count.
 */
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let sql: Client;

beforeAll(async () => {
  scratch = await createScratchDatabase();
  sql = new Client({ connectionString: scratch.url });
  await sql.connect();
});
afterAll(async () => {
  await sql?.end();
  await scratch?.drop();
});

/** The backends of this process's listening connection, seen from the server. */
async function listeningBackends(): Promise<number[]> {
  const { rows } = await sql.query<{ pid: number }>(
    `select pid from pg_stat_activity where datname = current_database() and application_name = $1`,
    [listenerApplicationName()],
  );
  return rows.map((row) => row.pid);
}

/** A listener that records what it is told. */
function recorder(channels: string[], url = scratch.url) {
  const heard: string[] = [];
  const told: string[] = [];
  const errors: unknown[] = [];
  const options: ListenerOptions = {
    url,
    channels,
    onNotification: ({ channel, payload }) => heard.push(`${channel}:${payload}`),
    onLost: () => told.push('lost'),
    onReconnected: () => told.push('reconnected'),
    onError: (error) => errors.push(error),
  };
  return { listener: new NotificationListener(options), heard, told, errors, options };
}

const notify = (channel: string, payload: string) =>
  sql.query('select pg_notify($1, $2)', [channel, payload]);

it('shares one connection, and hands each listener its own channels’ notifications', async () => {
  const orders = recorder(['test_orders']);
  const both = recorder(['test_orders', 'test_stock']);
  const stock = recorder(['test_stock']);
  await Promise.all([orders.listener.start(), both.listener.start(), stock.listener.start()]);
  try {
    expect(await listeningBackends()).toHaveLength(1);
    await notify('test_orders', 'a');
    await notify('test_stock', 'b');
    await notify('test_other', 'c');
    await eventually(
      async () => both.heard.length,
      (count) => count === 2,
    );
    expect(orders.heard).toEqual(['test_orders:a']);
    expect(both.heard).toEqual(['test_orders:a', 'test_stock:b']);
    expect(stock.heard).toEqual(['test_stock:b']);
  } finally {
    await Promise.all([orders.listener.stop(), both.listener.stop(), stock.listener.stop()]);
  }
  expect(await eventually(listeningBackends, (pids) => pids.length === 0)).toEqual([]);
});

it('tells every listener of a lost connection, and again once it listens anew', async () => {
  const first = recorder(['test_orders']);
  const second = recorder(['test_stock']);
  await first.listener.start();
  await second.listener.start();
  try {
    const before = await listeningBackends();
    await sql.query('select pg_terminate_backend(pid) from unnest($1::int[]) as pid', [before]);
    const back = await eventually(
      async () => [first.told.join(), second.told.join()],
      (told) => told.every((what) => what === 'lost,reconnected'),
      10_000,
    );
    expect(back).toEqual(['lost,reconnected', 'lost,reconnected']);
    const after = await listeningBackends();
    expect(after).toHaveLength(1);
    expect(after).not.toEqual(before);
    // Both channels are listened to again.
    await notify('test_orders', 'x');
    await notify('test_stock', 'y');
    await eventually(
      async () => second.heard.length,
      (count) => count === 1,
    );
    expect(first.heard).toEqual(['test_orders:x']);
    expect(second.heard).toEqual(['test_stock:y']);
  } finally {
    await first.listener.stop();
    await second.listener.stop();
  }
});

it('stops one listener without the others', async () => {
  const staying = recorder(['test_orders']);
  const leaving = recorder(['test_stock']);
  await staying.listener.start();
  await leaving.listener.start();
  try {
    await leaving.listener.stop();
    await notify('test_stock', 'gone');
    await notify('test_orders', 'kept');
    await eventually(
      async () => staying.heard.length,
      (count) => count === 1,
    );
    expect(staying.heard).toEqual(['test_orders:kept']);
    expect(leaving.heard).toEqual([]);
    expect(await listeningBackends()).toHaveLength(1);
  } finally {
    await staying.listener.stop();
  }
});

it('keeps one listener’s failure to itself', async () => {
  const failing = recorder(['test_orders']);
  failing.options.onNotification = () => {
    throw new Error('handler failed');
  };
  const healthy = recorder(['test_orders']);
  await failing.listener.start();
  await healthy.listener.start();
  try {
    await notify('test_orders', 'n');
    await eventually(
      async () => healthy.heard.length,
      (count) => count === 1,
    );
    expect(healthy.heard).toEqual(['test_orders:n']);
    expect(failing.errors).toEqual([new Error('handler failed')]);
    expect(healthy.errors).toEqual([]);
  } finally {
    await failing.listener.stop();
    await healthy.listener.stop();
  }
});

it('hears its own notification back: every notification committed before it came first', async () => {
  const barrier = recorder(['test_orders']);
  await barrier.listener.start();
  try {
    await notify('test_orders', 'committed');
    await barrier.listener.notify('test_orders', 'barrier');
    await eventually(
      async () => barrier.heard.length,
      (count) => count === 2,
    );
    expect(barrier.heard).toEqual(['test_orders:committed', 'test_orders:barrier']);
  } finally {
    await barrier.listener.stop();
  }
});

it('fails to start when the database cannot be reached, and cannot notify', async () => {
  const unreachable = new URL(scratch.url);
  unreachable.port = '1';
  const nowhere = recorder(['test_orders'], unreachable.toString());
  await expect(nowhere.listener.start()).rejects.toThrow();
  await expect(nowhere.listener.notify('test_orders', 'x')).rejects.toThrow(/down/);
  await nowhere.listener.stop();
});
