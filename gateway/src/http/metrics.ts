import type { FastifyInstance } from 'fastify';
import { bearerMatches } from '../../../platform/src/crypto/bearer-token';
import { consumerLags } from '../../../platform/src/events/event-log-reader';
import { installPoolMetrics } from '../../../platform/src/database/pool-metrics';
import { exposition } from '../../../platform/src/metrics-exposition';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { FeedStats } from '../subscriptions/event-feed';
import type { ClusterMetricsWorker } from './cluster-metrics';
import { RestError } from './error-envelope';
import { OPERATION_NAME, operationNameOf } from './operation-name';

/** Operation names are the client's: only well-formed ones become a label, and not too many. */
const MAX_OPERATION_NAMES = 200;
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export interface MetricsSources {
  /** The platform's database, where the event log and its consumers' cursors live. */
  database: Pool;
  openSockets: () => number;
  /** The subscriptions' live feed: events read from the log, Redis lease and fallback. */
  feedStats?: () => FeedStats;
  /**
   * Registries of services running in this process (the webhooks subgraph's queue depth, say),
   * served after the gateway's own: each service exposes its figures from its own code.
   */
  services?: () => Registry[];
  /** When set, `/metrics` asks for `Authorization: Bearer <token>`. */
  token?: string;
  /** In a worker of several (SOTTO_WORKERS): `/metrics` serves the sum of all the workers'. */
  cluster?: ClusterMetricsWorker;
}

/**
 * `GET /metrics` in Prometheus' text format: request latency by route and status, GraphQL
 * latency by operation name, open WebSockets, how far each durable event-log consumer is
 * behind the head of the log, and the process' own figures. One registry per gateway, so that
 * several gateways in one process (tests) do not mix their counts. Labels never carry a tenant,
 * an id or a token: routes are templates, operation names are bounded.
 */
export function installMetrics(app: FastifyInstance, sources: MetricsSources): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'sotto_gateway_' });
  installPoolMetrics(registry);
  const requests = new Histogram({
    name: 'sotto_http_request_duration_seconds',
    help: 'HTTP requests by method, route template and status code',
    labelNames: ['method', 'route', 'status'],
    buckets: SECONDS,
    registers: [registry],
  });
  const operations = new Histogram({
    name: 'sotto_graphql_operation_duration_seconds',
    help: 'GraphQL requests over HTTP by operation name (`anonymous` without one)',
    labelNames: ['operation', 'status'],
    buckets: SECONDS,
    registers: [registry],
  });
  const names = new Set<string>();
  const operationLabel = (body: unknown): string => {
    const name = operationNameOf(body);
    if (typeof name !== 'string' || !name) return 'anonymous';
    if (!OPERATION_NAME.test(name)) return 'other';
    if (!names.has(name) && names.size >= MAX_OPERATION_NAMES) return 'other';
    names.add(name);
    return name;
  };
  new Gauge({
    name: 'sotto_websockets_open',
    help: 'graphql-ws connections open on this gateway',
    registers: [registry],
    collect() {
      this.set(sources.openSockets());
    },
  });
  new Gauge({
    name: 'sotto_event_log_consumer_lag',
    help: 'Events of the log after each consumer’s cursor, in the log’s order (transaction, then sequence)',
    labelNames: ['consumer'],
    registers: [registry],
    // Read from the database: every worker of a cluster sees the same durable cursors.
    aggregator: 'max',
    async collect() {
      this.reset();
      const rows = await consumerLags(
        sources.database,
        // This gateway's live feed (not durable: its position is in memory).
        sources.feedStats
          ? { name: 'gateway.subscriptions', cursor: sources.feedStats().position }
          : undefined,
      );
      for (const row of rows) this.set({ consumer: row.consumer }, row.lag);
    },
  });

  if (sources.feedStats) installFeedMetrics(registry, sources.feedStats);

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    if (route === '/metrics') return;
    const seconds = reply.elapsedTime / 1000;
    const status = String(reply.statusCode);
    requests.observe({ method: request.method, route, status }, seconds);
    if (route === '/graphql' && request.method === 'POST') {
      operations.observe({ operation: operationLabel(request.body), status }, seconds);
    }
  });

  const registries = () => [registry, ...(sources.services?.() ?? [])];
  sources.cluster?.publish(registries);
  app.get('/metrics', { config: { auth: 'public' } }, async (request, reply) => {
    if (sources.token && !bearerMatches(request.headers.authorization, sources.token)) {
      throw new RestError('UNAUTHENTICATED', 'This endpoint needs the metrics token');
    }
    return reply
      .header('content-type', registry.contentType)
      .header('cache-control', 'no-store')
      .send(await (sources.cluster ? sources.cluster.scrape() : exposition(registries())));
  });
  return registry;
}

/** Who reads the log for live subscriptions, and how much, on this replica. */
function installFeedMetrics(registry: Registry, stats: () => FeedStats): void {
  new Counter({
    name: 'sotto_subscription_log_events_read_total',
    help: 'Events this gateway read from the event log for live subscriptions, by why: `leader` (for every replica, holding the Redis lease), `local` (its own reader: no Redis, or Redis unusable), `recovery` (messages missed on the Redis channel)',
    labelNames: ['source'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [source, count] of Object.entries(stats().eventsRead)) this.inc({ source }, count);
    },
  });
  new Gauge({
    name: 'sotto_subscription_fanout_leader',
    help: '1 while this gateway holds the Redis lease and reads the event log for every replica',
    registers: [registry],
    collect() {
      this.set(stats().leader ? 1 : 0);
    },
  });
  new Gauge({
    name: 'sotto_subscription_fanout_fallback',
    help: '1 while the Redis fan-out is unusable and this gateway reads the event log itself',
    registers: [registry],
    collect() {
      this.set(stats().fallback ? 1 : 0);
    },
  });
  new Counter({
    name: 'sotto_subscription_fanout_fallbacks_total',
    help: 'Times this gateway fell back to reading the event log itself (Redis unusable)',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(stats().fallbacks);
    },
  });
}
