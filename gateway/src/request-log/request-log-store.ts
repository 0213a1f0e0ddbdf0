import type { Pool } from 'pg';
import type { Caller } from '../../../platform/src/tenancy/tenant';
import { GATEWAY_SCHEMA } from '../migrations';

/** One call of an API key, as the request log keeps it: never a body, a query or a header. */
export interface RequestLogEntry {
  restaurantId: string;
  environment: string;
  keyId: string;
  requestId: string;
  /** The HTTP method, or `WS` for a subscription started over the WebSocket. */
  method: string;
  /** The path without its query, or the route's template when its path carries a secret. */
  path: string;
  /** The GraphQL operation's name, when the call was one and named it. */
  operationName: string | null;
  status: number;
  latencyMs: number;
  occurredAt: Date;
}

/** A range of statuses: `4xx` is 400–499, `404` is 404–404. */
export interface StatusRange {
  from: number;
  to: number;
}

export interface RequestLogQuery {
  /** Calls of this key only (within its restaurant and environment). */
  caller: Pick<Caller, 'restaurantId' | 'environment' | 'keyId'>;
  limit: number;
  /** Where the previous page ended. */
  after?: LogPosition;
  since?: Date;
  /** Any of these statuses; none: every status. */
  statuses: StatusRange[];
}

/** A row's place in the newest-first order, which the cursors carry. */
export interface LogPosition {
  occurredAt: Date;
  id: string;
}

export interface LoggedCall extends RequestLogEntry {
  id: string;
}

const TABLE = `"${GATEWAY_SCHEMA}"."request_log"`;

/** The request log's rows in the gateway's own schema. */
export class RequestLogStore {
  constructor(
    private readonly pool: Pool,
    /** Older calls are neither answered nor kept (purged by `purgeExpired`). */
    private readonly retentionDays: number,
  ) {}

  /** Writes `entries` with one multi-row insert (one array parameter per column). */
  async insert(entries: readonly RequestLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const column = <T>(pick: (entry: RequestLogEntry) => T) => entries.map(pick);
    await this.pool.query(
      `insert into ${TABLE} ("restaurant_id", "environment", "key_id", "request_id", "method",
         "path", "operation_name", "status", "latency_ms", "occurred_at")
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[],
         $6::text[], $7::text[], $8::int[], $9::int[], $10::timestamptz[])`,
      [
        column((e) => e.restaurantId),
        column((e) => e.environment),
        column((e) => e.keyId),
        column((e) => e.requestId),
        column((e) => e.method),
        column((e) => e.path),
        column((e) => e.operationName),
        column((e) => e.status),
        column((e) => e.latencyMs),
        column((e) => e.occurredAt.toISOString()),
      ],
    );
  }

  /** A page of the key's calls within the retention, newest first; one more tells a next page. */
  async list(query: RequestLogQuery): Promise<{ calls: LoggedCall[]; hasMore: boolean }> {
    const { caller } = query;
    const params: unknown[] = [
      caller.restaurantId,
      caller.environment,
      caller.keyId,
      this.retentionDays,
    ];
    const param = (value: unknown) => `$${params.push(value)}`;
    const where = [
      `"restaurant_id" = $1`,
      `"environment" = $2`,
      `"key_id" = $3`,
      `"occurred_at" > now() - make_interval(days => $4)`,
    ];
    if (query.since) where.push(`"occurred_at" >= ${param(query.since.toISOString())}`);
    if (query.after) {
      where.push(
        `("occurred_at", "id") < (${param(query.after.occurredAt.toISOString())}::timestamptz, ${param(query.after.id)}::bigint)`,
      );
    }
    if (query.statuses.length > 0) {
      const ranges = query.statuses.map(
        ({ from, to }) => `"status" between ${param(from)} and ${param(to)}`,
      );
      where.push(`(${ranges.join(' or ')})`);
    }
    const { rows } = await this.pool.query<{
      id: string;
      restaurant_id: string;
      environment: string;
      key_id: string;
      request_id: string;
      method: string;
      path: string;
      operation_name: string | null;
      status: number;
      latency_ms: number;
      occurred_at: Date;
    }>(
      `select "id", "restaurant_id", "environment", "key_id", "request_id", "method", "path",
         "operation_name", "status", "latency_ms", "occurred_at"
       from ${TABLE} where ${where.join(' and ')}
       order by "occurred_at" desc, "id" desc limit ${param(query.limit + 1)}`,
      params,
    );
    const calls = rows.slice(0, query.limit).map((row) => ({
      id: String(row.id),
      restaurantId: row.restaurant_id,
      environment: row.environment,
      keyId: row.key_id,
      requestId: row.request_id,
      method: row.method,
      path: row.path,
      operationName: row.operation_name,
      status: row.status,
      latencyMs: row.latency_ms,
      occurredAt: row.occurred_at,
    }));
    return { calls, hasMore: rows.length > query.limit };
  }

  /** Deletes the calls older than the retention; returns how many. */
  async purgeExpired(): Promise<number> {
    const { rowCount } = await this.pool.query(
      `delete from ${TABLE} where "occurred_at" <= now() - make_interval(days => $1)`,
      [this.retentionDays],
    );
    return rowCount ?? 0;
  }
}
