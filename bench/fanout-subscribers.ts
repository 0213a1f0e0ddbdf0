/**
 * The fan-out's subscribers: a process of its own holding N graphql-ws clients, one WebSocket
 * each, all subscribed to `orderCreated`. It notes when each result arrives (epoch milliseconds,
 * the same clock as the POST that creates each order, sent from here too, out of the platform's
 * process) and hands the times of one order's deliveries back to the benchmark.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { epochMs, type FromSubscribers, type ToSubscribers } from './fanout-messages';

/** Sockets opened at once: a thousand handshakes together would only measure the backlog. */
const OPENING_BATCH = 50;

const clients: Client[] = [];
const receipts = new Map<string, number[]>();
const waiters = new Set<() => void>();
let expected = 0;

const send = (message: FromSubscribers) => process.send!(message);

function connect(url: string, token: string): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = createClient({
      url: `${url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: reject,
      on: { connected: () => resolve(client) },
    });
    clients.push(client);
  });
}

function subscribe(client: Client, query: string, onError: (error: unknown) => void) {
  client.subscribe<{ orderCreated: { id: string } }>(
    { query },
    {
      next: (result) => {
        const at = epochMs();
        const id = result.data?.orderCreated.id;
        if (!id) return onError(result.errors ?? result);
        const times = receipts.get(id) ?? [];
        times.push(at);
        receipts.set(id, times);
        for (const wake of waiters) wake();
      },
      error: onError,
      complete: () => {},
    },
  );
}

async function open(message: Extract<ToSubscribers, { type: 'open' }>) {
  const failed: string[] = [];
  let connected = 0;
  const note = (error: unknown) => {
    if (failed.length < 5) failed.push(describe(error));
  };
  for (let start = 0; start < message.count; start += OPENING_BATCH) {
    const batch = Math.min(OPENING_BATCH, message.count - start);
    const opened = await Promise.allSettled(
      Array.from({ length: batch }, () => connect(message.url, message.token)),
    );
    for (const outcome of opened) {
      if (outcome.status === 'fulfilled') {
        connected++;
        subscribe(outcome.value, message.query, note);
      } else note(outcome.reason);
    }
  }
  expected = connected;
  send({ type: 'opened', connected, failed });
}

async function order(message: Extract<ToSubscribers, { type: 'order' }>) {
  const sentAt = epochMs();
  const response = await fetch(`${message.url}/api/v1/orders`, {
    method: 'POST',
    headers: { authorization: `Bearer ${message.token}`, 'content-type': 'application/json' },
    body: message.body,
  });
  const text = await response.text();
  const answeredAt = epochMs();
  if (response.status !== 201) throw new Error(`creating an order: ${response.status} ${text}`);
  const orderId = (JSON.parse(text) as { order_id: string }).order_id;
  const deadline = Date.now() + message.timeoutMs;
  while ((receipts.get(orderId)?.length ?? 0) < expected && Date.now() < deadline) {
    await new Promise<void>((resolve) => {
      const wake = () => {
        waiters.delete(wake);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(wake, deadline - Date.now());
      waiters.add(wake);
    });
  }
  send({ type: 'receipts', sentAt, answeredAt, times: receipts.get(orderId) ?? [] });
}

function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && 'reason' in error) {
    return `closed ${String(error.code)} ${String(error.reason)}`;
  }
  return error instanceof Error ? error.message : JSON.stringify(error);
}

process.on('message', (message: ToSubscribers) => {
  const handle = async () => {
    if (message.type === 'open') await open(message);
    else if (message.type === 'order') await order(message);
    else {
      await Promise.all(clients.map((client) => client.dispose()));
      process.exit(0);
    }
  };
  handle().catch((error: Error) => send({ type: 'failed', message: error.message }));
});
