import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { RestError } from './error-envelope';
import { OPERATION_NAME, operationNameOf } from './operation-name';

/** Operation names are the client's: only well-formed ones become a label, and not too many. */
const MAX_OPERATION_NAMES = 200;
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export interface MetricsSources {
  /** The platform's database, where the event log and its consumers' cursors live. */
  database: Pool;
  openSockets: () => number;
  /** When set, `/metrics` asks for `Authorization: Bearer <token>`. */
  token?: string;
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
    help: 'Events appended to the log after each durable consumer’s cursor (head − cursor)',
    labelNames: ['consumer'],
    registers: [registry],
    async collect() {
      this.reset();
      const { rows } = await sources.database.query<{ consumer: string; lag: string }>(
        `select c.consumer, greatest(coalesce((select max(seq) from events.event_log), 0) - c.seq, 0) as lag
           from events.consumer_cursors c`,
      );
      for (const row of rows) this.set({ consumer: row.consumer }, Number(row.lag));
    },
  });

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

  app.get('/metrics', { config: { auth: 'public' } }, async (request, reply) => {
    if (sources.token && !bearerMatches(request.headers.authorization, sources.token)) {
      throw new RestError('UNAUTHENTICATED', 'This endpoint needs the metrics token');
    }
    return reply
      .header('content-type', registry.contentType)
      .header('cache-control', 'no-store')
      .send(await registry.metrics());
  });
  return registry;
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(/^Bearer (.+)$/.exec(header ?? '')?.[1] ?? '', 'utf8');
  const expected = Buffer.from(token, 'utf8');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
