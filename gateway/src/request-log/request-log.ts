import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Pool } from 'pg';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from '../../../platform/src/logger';
import type { Caller } from '../../../platform/src/tenancy/tenant';
import { OPERATION_NAME, operationNameOf } from '../http/operation-name';
import { RequestLogBuffer } from './request-log-buffer';
import { RequestLogStore, type RequestLogEntry } from './request-log-store';

export interface RequestLogOptions {
  /** Calls older than this are not answered and are purged. */
  retentionDays: number;
  /** Entries waiting in memory at most (default 10,000); the oldest are dropped past it. */
  capacity?: number;
  /** Entries per insert, and the count that starts a flush at once (default 500). */
  batchSize?: number;
  /** How long an entry waits at most before it is written (default 1 s). */
  flushEveryMs?: number;
  /** How often expired calls are deleted (default 15 minutes). */
  purgeEveryMs?: number;
}

/** Paths longer than this (a client's mistake) are cut. */
const MAX_PATH_LENGTH = 512;
const MAX_OPERATION_NAMES = 20;

/**
 * Each API key's recent calls, for `GET /api/v1/logs` and the console: recorded in memory when
 * an answer is sent, written in batches to the gateway's schema, purged after the retention.
 */
export class RequestLog {
  readonly store: RequestLogStore;
  private readonly buffer: RequestLogBuffer;
  private readonly purgeTimer: NodeJS.Timeout;

  /** Entries dropped since the start because too many waited. */
  private dropped = 0;

  constructor(pool: Pool, logger: Logger, options: RequestLogOptions) {
    this.store = new RequestLogStore(pool, options.retentionDays);
    this.buffer = new RequestLogBuffer(this.store, logger, {
      capacity: options.capacity ?? 10_000,
      batchSize: options.batchSize ?? 500,
      flushEveryMs: options.flushEveryMs ?? 1000,
      onDrop: (count) => (this.dropped += count),
    });
    const purge = () =>
      this.store.purgeExpired().catch((error: unknown) => {
        logger.warn({ err: error }, 'request log purge failed');
        return 0;
      });
    void purge();
    this.purgeTimer = setInterval(purge, options.purgeEveryMs ?? 15 * 60 * 1000);
    this.purgeTimer.unref();
  }

  record(entry: RequestLogEntry): void {
    this.buffer.record(entry);
  }

  /** A subscription started (or refused) over the WebSocket, under its operation's name. */
  recordSubscription(
    caller: Caller,
    call: { requestId: string; operationName: unknown; status: number; latencyMs: number },
  ): void {
    this.record({
      ...ownerOf(caller),
      requestId: call.requestId,
      method: 'WS',
      path: '/graphql',
      operationName: keptName(call.operationName),
      status: call.status,
      latencyMs: call.latencyMs,
      occurredAt: new Date(Date.now() - call.latencyMs),
    });
  }

  /** `sotto_request_log_dropped_total` and `sotto_request_log_pending` in `/metrics`. */
  registerMetrics(registry: Registry): void {
    const dropped = () => this.dropped;
    const pending = () => this.buffer.pending;
    let reported = 0;
    new Counter({
      name: 'sotto_request_log_dropped_total',
      help: 'Request log entries dropped because too many waited to be written',
      registers: [registry],
      collect() {
        const total = dropped();
        this.inc(total - reported);
        reported = total;
      },
    });
    new Gauge({
      name: 'sotto_request_log_pending',
      help: 'Request log entries waiting in memory to be written',
      registers: [registry],
      collect() {
        this.set(pending());
      },
    });
  }

  /** Writes what waits now (tests; shutdown goes through `stop`). */
  flush(): Promise<void> {
    return this.buffer.flush();
  }

  purgeExpired(): Promise<number> {
    return this.store.purgeExpired();
  }

  async stop(): Promise<void> {
    clearInterval(this.purgeTimer);
    await this.buffer.stop();
  }
}

/**
 * Records every answer sent to an authenticated caller (anonymous calls have no key to show
 * them to). Only an array push on the request path: the writes happen in the buffer's batches.
 */
export function installRequestLog(app: FastifyInstance, log: RequestLog, registry: Registry): void {
  log.registerMetrics(registry);
  // A callback hook, not an async one: no promise per request for what is an array push.
  app.addHook('onResponse', (request, reply, done) => {
    const caller = request.caller;
    if (caller) {
      const latencyMs = Math.round(reply.elapsedTime);
      log.record({
        ...ownerOf(caller),
        requestId: String(request.id),
        method: request.method,
        path: loggablePath(request),
        operationName: request.routeOptions.config?.graphql ? graphqlOperationName(request) : null,
        status: reply.statusCode,
        latencyMs,
        occurredAt: new Date(Date.now() - latencyMs),
      });
    }
    done();
  });
}

/** The path without its query (which may carry tokens), or the template of a secret path. */
export function loggablePath(request: FastifyRequest): string {
  const template = request.routeOptions.url;
  if (template && request.routeOptions.config?.secretInPath) return template;
  const path = request.url.split('?')[0]!;
  return path.length > MAX_PATH_LENGTH ? path.slice(0, MAX_PATH_LENGTH) : path;
}

function ownerOf(caller: Caller) {
  return {
    restaurantId: caller.restaurantId,
    environment: caller.environment,
    keyId: caller.keyId,
  };
}

/** The operation's name (names, comma-separated, for a batch); well-formed names only. */
function graphqlOperationName(request: FastifyRequest): string | null {
  const params = request.method === 'GET' ? request.query : request.body;
  const names = (Array.isArray(params) ? params.slice(0, MAX_OPERATION_NAMES) : [params])
    .map((operation) => keptName(operationNameOf(operation)))
    .filter((name) => name !== null);
  return names.length > 0 ? names.join(',') : null;
}

function keptName(name: unknown): string | null {
  return typeof name === 'string' && OPERATION_NAME.test(name) ? name : null;
}
