import type { Caller } from '../../platform/src/tenancy/tenant';

/** What every gateway operation carries: who calls, and the request id to trace it by. */
export interface GatewayContext {
  caller: Caller | null;
  requestId: string;
}
