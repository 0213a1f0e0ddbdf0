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

/** The read-cache policy of an HTTP request, from its `Cache-Control` header. */
export function readCachePolicyOf(headers: { 'cache-control'?: string }): ReadCachePolicy {
  return /\bno-(cache|store)\b/i.test(headers['cache-control'] ?? '') ? 'refresh' : 'use';
}
