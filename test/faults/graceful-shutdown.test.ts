import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { liveClient, Subscription } from '../../gateway/test/support/live-client';
import { heldRequest } from '../support/held-request';
import { PlatformProcess } from '../support/platform-process';
import { createScratchDatabase, SPEC_ORDER } from '../support/test-platform';

/**
 * SIGTERM on `npm start` as an orchestrator sends it: the platform runs in a child process on a
 * database of its own; a request is in flight and a WebSocket open when the signal comes.
 */
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
beforeAll(async () => {
  scratch = await createScratchDatabase();
});
afterAll(() => scratch?.drop());

/** Whether a new TCP connection to the gateway's port is refused. */
function refused(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

async function untilRefused(url: string): Promise<void> {
  while (!(await refused(url))) await new Promise((resolve) => setTimeout(resolve, 20));
}

it('on SIGTERM, refuses new connections, answers the request in flight, closes WebSockets with 1001 and exits 0', async () => {
  const platform = await PlatformProcess.start(scratch.url, { SOTTO_SHUTDOWN_TIMEOUT_MS: '30000' });
  try {
    const authorization = `Bearer ${await platform.token()}`;
    const live = liveClient(platform.url, authorization);
    await live.connected;
    new Subscription(live.client, 'subscription { orderCreated { id } }');

    const order = heldRequest(`${platform.url}/api/v1/orders`, 'POST', SPEC_ORDER, {
      authorization,
    });
    await order.started;
    platform.kill('SIGTERM');

    expect(await live.closed).toEqual({ code: 1001, reason: 'Going away' });
    await untilRefused(platform.url);
    order.finish();
    const answer = await order.answer;
    expect(answer.status).toBe(201);
    expect(answer.body.order_id).toMatch(/^ord_/);

    expect(await platform.exited).toEqual({ code: 0, signal: null });
    const messages = platform.records().map((record) => record.msg);
    expect(messages).toContain('shutting down');
    expect(messages[messages.length - 1]).toBe('stopped');
  } finally {
    await platform.stop();
  }
}, 120_000);

it('exits 1 with the reason logged when draining outlasts SOTTO_SHUTDOWN_TIMEOUT_MS', async () => {
  const platform = await PlatformProcess.start(scratch.url, { SOTTO_SHUTDOWN_TIMEOUT_MS: '1500' });
  try {
    const authorization = `Bearer ${await platform.token()}`;
    // A request whose body never comes: the gateway would wait for it forever.
    const stuck = heldRequest(`${platform.url}/api/v1/orders`, 'POST', SPEC_ORDER, {
      authorization,
    });
    stuck.answer.catch(() => {});
    await stuck.started;
    platform.kill('SIGTERM');

    expect(await platform.exited).toEqual({ code: 1, signal: null });
    const overdue = platform.records().find((record) => record.level === 50);
    expect(overdue).toMatchObject({
      signal: 'SIGTERM',
      timeoutMs: 1500,
      msg: expect.stringContaining('SOTTO_SHUTDOWN_TIMEOUT_MS'),
    });
  } finally {
    await platform.stop();
  }
}, 120_000);

it.each(['SIGTERM', 'SIGHUP'] as const)(
  'on the embedded PostgreSQL, %s stops the database last: the request in flight is answered',
  async (signal) => {
    // `npm start` with no DATABASE_URL, on a data directory of its own.
    const dataDir = mkdtempSync(path.join(tmpdir(), 'sotto-shutdown-'));
    // As root, the embedded server runs as a user of its own, which must reach its directory.
    chmodSync(dataDir, 0o755);
    const platform = await PlatformProcess.start(undefined, {
      SOTTO_DATA_DIR: dataDir,
      SOTTO_SHUTDOWN_TIMEOUT_MS: '30000',
    });
    try {
      const authorization = `Bearer ${await platform.token()}`;
      const order = heldRequest(`${platform.url}/api/v1/orders`, 'POST', SPEC_ORDER, {
        authorization,
      });
      await order.started;
      platform.kill(signal);
      await untilRefused(platform.url);
      order.finish();
      const answer = await order.answer;
      expect(answer.status).toBe(201);

      expect(await platform.exited).toEqual({ code: 0, signal: null });
      const records = platform.records();
      expect(records.filter((record) => Number(record.level) >= 50)).toEqual([]);
      expect(records.map((record) => record.msg).at(-1)).toBe('stopped');
      // The database was stopped, not left running: its pid file is gone.
      expect(existsSync(path.join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false);
    } finally {
      await platform.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
  180_000,
);
