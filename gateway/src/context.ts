import type { Caller } from '../../platform/src/tenancy/tenant';

/**
 * Whether an operation may be answered from the read cache: `use` (HTTP calls), `refresh` (the
 * client sent `Cache-Control: no-cache`: execute, keep the fresh answer), absent: never (the
 * subscriptions' follow-up queries).
 */
export type ReadCachePolicy = 'use' | 'refresh';

/** What every gateway operation carries: who calls, and the request id to trace it by. */
export interface GatewayContext {
  caller: Caller | null;
  requestId: string;
  readCache?: ReadCachePolicy;
}

/**
 * The context of an operation made for an HTTP request, REST route or `/graphql` alike: its
 * caller, its id, and whether `Cache-Control: no-cache` asks for a fresh read.
 */
export function httpContextOf(request: {
  caller: Caller | null;
  id: unknown;
  headers: { 'cache-control'?: string };
}): GatewayContext {
  const fresh = /\bno-(cache|store)\b/i.test(request.headers['cache-control'] ?? '');
  return {
    caller: request.caller,
    requestId: String(request.id),
    readCache: fresh ? 'refresh' : 'use',
  };
}
