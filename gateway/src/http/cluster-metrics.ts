import cluster, { type Worker } from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { AggregatorRegistry, type MetricObjectWithValues, type MetricValue } from 'prom-client';
import type { Registry } from 'prom-client';

/**
 * `/metrics` when several workers serve one port (SOTTO_WORKERS): a scrape reaches one worker,
 * which asks the primary; the primary collects every ready worker's figures and adds them up
 * (counters and histograms summed, each gauge by its own `aggregator`), so that whichever worker
 * answers, the scrape sees the whole platform. Messages over the cluster's IPC channel:
 *
 *   worker → primary   `ask`        a scrape arrived
 *   primary → workers  `collect`    send your figures
 *   workers → primary  `collected`  their registries as JSON
 *   primary → worker   `answer`     the sum, in Prometheus' text format
 */
const ASK = 'sotto:metrics:ask';
const COLLECT = 'sotto:metrics:collect';
const COLLECTED = 'sotto:metrics:collected';
const ANSWER = 'sotto:metrics:answer';

type Figures = MetricObjectWithValues<MetricValue<string>>[];
type Message =
  | { type: typeof ASK; id: string }
  | { type: typeof COLLECT; id: string }
  | { type: typeof COLLECTED; id: string; figures: Figures }
  | { type: typeof ANSWER; id: string; text?: string; error?: string };

const isMessage = (message: unknown): message is Message =>
  typeof message === 'object' &&
  message !== null &&
  typeof (message as { type?: unknown }).type === 'string' &&
  (message as { type: string }).type.startsWith('sotto:metrics:');

/** How long a scrape waits for the workers' figures; a worker still starting is left out. */
const COLLECT_TIMEOUT_MS = 3_000;

/** A worker's side: answers the primary's collections and asks it for the sum on a scrape. */
export class ClusterMetricsWorker {
  private registries: () => Registry[] = () => [];
  private readonly waiting = new Map<
    string,
    (message: Message & { type: typeof ANSWER }) => void
  >();

  constructor() {
    process.on('message', (message: unknown) => {
      if (!isMessage(message)) return;
      if (message.type === COLLECT) void this.collect(message.id);
      if (message.type === ANSWER) this.waiting.get(message.id)?.(message);
    });
  }

  /** The registries this worker serves at `/metrics` (the gateway's, then its services'). */
  publish(registries: () => Registry[]): void {
    this.registries = registries;
  }

  /** The whole platform's figures, in Prometheus' text format. */
  scrape(): Promise<string> {
    const id = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error('the cluster primary did not answer the metrics request'));
      }, COLLECT_TIMEOUT_MS * 2);
      this.waiting.set(id, (answer) => {
        clearTimeout(timer);
        this.waiting.delete(id);
        if (answer.text === undefined) reject(new Error(answer.error ?? 'no metrics'));
        else resolve(answer.text);
      });
      process.send!({ type: ASK, id } satisfies Message);
    });
  }

  private async collect(id: string): Promise<void> {
    const figures = (
      await Promise.all(this.registries().map((registry) => registry.getMetricsAsJSON()))
    ).flat() as Figures;
    process.send?.({ type: COLLECTED, id, figures } satisfies Message);
  }
}

/**
 * The primary's side, for `workers()` (the workers that have started): answers each worker's
 * `ask` with the sum of the figures of all of them that answer within COLLECT_TIMEOUT_MS.
 */
export function serveClusterMetrics(workers: () => Worker[]): void {
  cluster.on('message', (asking, message: unknown) => {
    if (!isMessage(message) || message.type !== ASK) return;
    void sumOfWorkers(workers()).then(
      (text) => asking.send({ type: ANSWER, id: message.id, text } satisfies Message),
      (error: Error) =>
        asking.send({ type: ANSWER, id: message.id, error: error.message } satisfies Message),
    );
  });
}

async function sumOfWorkers(workers: Worker[]): Promise<string> {
  const id = randomUUID();
  const answers = await new Promise<Figures[]>((resolve) => {
    const received: Figures[] = [];
    const done = () => {
      clearTimeout(timer);
      cluster.off('message', onMessage);
      resolve(received);
    };
    const onMessage = (_worker: Worker, message: unknown) => {
      if (!isMessage(message) || message.type !== COLLECTED || message.id !== id) return;
      received.push(message.figures);
      if (received.length === workers.length) done();
    };
    const timer = setTimeout(done, COLLECT_TIMEOUT_MS);
    cluster.on('message', onMessage);
    for (const worker of workers) worker.send({ type: COLLECT, id } satisfies Message);
  });
  if (answers.length === 0) throw new Error('no worker sent its metrics');
  return AggregatorRegistry.aggregate(answers).metrics();
}
