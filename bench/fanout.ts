import type { ChildProcess } from 'node:child_process';
import { SPEC_ORDER, type TestPlatform } from '../test/support/test-platform';
import { type FromSubscribers, type ToSubscribers } from './fanout-messages';
import { forkBenchProcess } from './load-client';
import { percentile } from './load-request';
import { UNLIMITED } from './scenarios';

export const FANOUT_SUBSCRIPTION = `subscription BenchFanOut {
  orderCreated { id status total { amount } items { name quantity } }
}`;

export interface FanoutResult {
  subscribers: number;
  connected: number;
  events: number;
  delivered: number;
  /** Deliveries missing after 30 s, and subscribers that could not connect, for every event. */
  missing: number;
  /** Latency from the POST's answer to each receipt (negative: delivered before the answer). */
  fromAnswer: Percentiles;
  /** Latency from the POST's request to each receipt. */
  fromRequest: Percentiles;
  /** How long the POST itself took, for each event. */
  postMs: number[];
  failures: string[];
}

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function percentiles(values: number[]): Percentiles {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    p99: percentile(sorted, 0.99),
    max: sorted.at(-1) ?? NaN,
  };
}

class Subscribers {
  private readonly child: ChildProcess = forkBenchProcess('fanout-subscribers.ts');

  ask<Type extends FromSubscribers['type']>(
    message: ToSubscribers,
    type: Type,
  ): Promise<Extract<FromSubscribers, { type: Type }>> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`subscribers exited (${code})`));
      const onMessage = (answer: FromSubscribers) => {
        if (answer.type !== type && answer.type !== 'failed') return;
        this.child.off('message', onMessage);
        this.child.off('exit', onExit);
        if (answer.type === 'failed') reject(new Error(`subscribers: ${answer.message}`));
        else resolve(answer as Extract<FromSubscribers, { type: Type }>);
      };
      this.child.on('message', onMessage);
      this.child.once('exit', onExit);
      this.child.send(message);
    });
  }

  close() {
    if (this.child.connected) this.child.send({ type: 'close' } satisfies ToSubscribers);
    setTimeout(() => this.child.kill(), 5000).unref();
  }
}

/**
 * One event to N subscribers: N graphql-ws clients in another process subscribe to
 * `orderCreated`; orders are created one after the other through REST from that process (a
 * first one not counted), and each subscriber's receipt of each order is timed against the POST's
 * request and answer.
 */
export async function runFanout(
  platform: TestPlatform,
  count: number,
  events: number,
): Promise<FanoutResult> {
  const tenant = await platform.tenant({ ...UNLIMITED });
  const hub = platform.platform.gateway!.subscriptions.hub;
  const before = hub.size;
  const subscribers = new Subscribers();
  try {
    const opened = await subscribers.ask(
      { type: 'open', url: platform.url, token: tenant.token, count, query: FANOUT_SUBSCRIPTION },
      'opened',
    );
    // The server registers a subscription after its socket's handshake: wait until all are in.
    const deadline = Date.now() + 60_000;
    while (hub.size < before + opened.connected && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    if (hub.size < before + opened.connected) {
      throw new Error(`only ${hub.size - before} of ${opened.connected} subscriptions registered`);
    }

    const fromAnswer: number[] = [];
    const fromRequest: number[] = [];
    const postMs: number[] = [];
    // One order first, not counted: the new restaurant's first write warms what the others reuse.
    for (let event = -1; event < events; event++) {
      const { sentAt, answeredAt, times } = await subscribers.ask(
        {
          type: 'order',
          url: platform.url,
          token: tenant.token,
          body: JSON.stringify(SPEC_ORDER),
          timeoutMs: 30_000,
        },
        'receipts',
      );
      if (event < 0) continue;
      postMs.push(answeredAt - sentAt);
      for (const time of times) {
        fromAnswer.push(time - answeredAt);
        fromRequest.push(time - sentAt);
      }
    }
    return {
      subscribers: count,
      connected: opened.connected,
      events,
      delivered: fromAnswer.length,
      missing: count * events - fromAnswer.length,
      fromAnswer: percentiles(fromAnswer),
      fromRequest: percentiles(fromRequest),
      postMs,
      failures: opened.failed,
    };
  } finally {
    subscribers.close();
  }
}
