import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { can } from '../../../platform/src/tenancy/permissions';
import { RestError } from '../http/error-envelope';
import type {
  LoggedCall,
  LogPosition,
  RequestLogStore,
  StatusRange,
} from '../request-log/request-log-store';
import { instant, page } from './openapi/json-schemas';
import { responseSchema, type RestOperation } from './openapi/rest-operation';
import { pageJson } from './pagination';
import { parseInput } from './validation';

/** `4xx` (a class) or `404` (one status). */
const STATUS = /^([1-5])(xx|\d\d)$/;

const Statuses = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : [value]).flatMap((v) => v.split(',')))
  .pipe(
    z
      .array(z.string().regex(STATUS, 'must be a status such as 404 or a class such as 4xx'))
      .max(10),
  )
  .transform((values) => values.map(statusRange));

const ListQuery = z
  .object({
    status: Statuses.optional(),
    since: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().min(1).max(64).optional(),
  })
  .strict();

function statusRange(value: string): StatusRange {
  const [, hundreds, rest] = STATUS.exec(value)!;
  const base = Number(hundreds) * 100;
  return rest === 'xx' ? { from: base, to: base + 99 } : { from: Number(value), to: Number(value) };
}

/** A page's end as an opaque cursor: the last call's time (milliseconds) and row id. */
function cursorOf(call: LoggedCall): string {
  return Buffer.from(`${call.occurredAt.getTime()}:${call.id}`).toString('base64url');
}

function positionOf(cursor: string): LogPosition {
  const match = /^(\d{1,15}):(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) {
    throw new RestError('INVALID_FIELD', 'Invalid request: cursor is not one this API gave', [
      { field: 'cursor', message: 'is not a cursor from next_cursor' },
    ]);
  }
  return { occurredAt: new Date(Number(match[1])), id: match[2]! };
}

const LoggedCallJson = responseSchema(
  'LoggedCall',
  z.object({
    request_id: z.string(),
    method: z.string(),
    path: z.string(),
    operation_name: z.string().nullable(),
    status: z.number().int(),
    latency_ms: z.number(),
    occurred_at: instant,
  }),
  { description: 'One call of the key: never its body, its query string or a secret in its path' },
);
const LogPageJson = responseSchema('LoggedCallPage', page(LoggedCallJson));

export const LOG_OPERATIONS: RestOperation[] = [
  {
    method: 'get',
    path: '/logs',
    operationId: 'listRecentCalls',
    summary: "List the calling key's recent calls",
    description:
      'Newest first, within the retention (7 days by default): method, path or GraphQL operation, status, latency, request id and time.',
    tag: 'Logs',
    query: ListQuery,
    responses: {
      200: { description: 'A page of calls', schema: LogPageJson, headers: ['Link'] },
    },
    example: { query: { status: '4xx' } },
  },
];

const callJson = (call: LoggedCall): z.infer<typeof LoggedCallJson> => ({
  request_id: call.requestId,
  method: call.method,
  path: call.path,
  operation_name: call.operationName,
  status: call.status,
  latency_ms: call.latencyMs,
  occurred_at: call.occurredAt.toISOString(),
});

/**
 * `GET /logs`: the calling key's own recent calls, newest first, within the retention. Another
 * key of the same restaurant sees only its own: the log shows what a key sent, not what the
 * restaurant's other integrations do. Answered from the gateway's schema, with no subgraph.
 */
export function logsRoutes(app: FastifyInstance, store: RequestLogStore) {
  app.get('/logs', async (request, reply) => {
    const caller = request.caller!;
    if (!can(caller, 'logs:read')) {
      throw new RestError(
        'FORBIDDEN',
        `This ${caller.role} key may not do this: it needs 'logs:read'`,
        {
          required: 'logs:read',
          role: caller.role,
        },
      );
    }
    const query = parseInput(ListQuery, request.query);
    const { calls, hasMore } = await store.list({
      caller,
      limit: query.limit,
      after: query.cursor ? positionOf(query.cursor) : undefined,
      since: query.since ? new Date(query.since) : undefined,
      statuses: query.status ?? [],
    });
    const last = calls.at(-1);
    const page = {
      nodes: calls,
      pageInfo: { hasNextPage: hasMore, endCursor: hasMore && last ? cursorOf(last) : null },
    };
    return pageJson(request, reply, page, callJson);
  });
}
