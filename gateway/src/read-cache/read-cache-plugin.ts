import { createHash } from 'node:crypto';
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { Counter, Gauge, Registry } from 'prom-client';
import { tenantChangeKey } from '../../../platform/src/database/tenant-change-notification';
import type { Caller } from '../../../platform/src/tenancy/tenant';
import type { GatewayContext } from '../context';
import { ReadCache, type ReadCacheLimits } from './read-cache';
import type { TenantChanges } from '../../../platform/src/database/tenant-changes';

/** How long an answer that also depends on the clock may be served. */
export const CLOCK_BOUND_MS = 1_000;

/**
 * The root fields whose answers are a function of the tenant's rows and the arguments (no other
 * service's state outside PostgreSQL, no secret), with how long they may be served when they
 * also read the clock: `reservations` without a date lists those not ended yet, and
 * `tableAvailability` refuses past times and offers only future ones (kept a second: well
 * within the five minutes' tolerance for a time just past). `Infinity`: until a change, or the
 * cache's time to live. Anything else (identity, webhooks, calendar feeds, booking channels) is
 * always executed.
 */
export const CACHEABLE_ROOT_FIELDS: ReadonlyMap<string, number> = new Map([
  ['__typename', Infinity],
  ['order', Infinity],
  ['orders', Infinity],
  ['orderBill', Infinity],
  ['menuItem', Infinity],
  ['menuItems', Infinity],
  ['payment', Infinity],
  ['paymentMethods', Infinity],
  ['inventoryItem', Infinity],
  ['inventoryItems', Infinity],
  ['inventoryAlerts', Infinity],
  ['stockShortages', Infinity],
  ['reservation', Infinity],
  ['reservations', CLOCK_BOUND_MS],
  ['tables', Infinity],
  ['tableAvailability', CLOCK_BOUND_MS],
]);

/**
 * How long an operation's answer may be kept: a query of cacheable root fields only, for the
 * shortest of their lifetimes; `null` when it may not be kept at all.
 */
export function cacheLifetimeOf(operation: OperationDefinitionNode): number | null {
  if (operation.operation !== 'query') return null;
  let lifetime = Infinity;
  for (const selection of operation.selectionSet.selections) {
    const limit = selection.kind === Kind.FIELD && CACHEABLE_ROOT_FIELDS.get(selection.name.value);
    if (limit === undefined || limit === false) return null;
    lifetime = Math.min(lifetime, limit);
  }
  return lifetime;
}

const tenantOf = (caller: Caller) => tenantChangeKey(caller.restaurantId, caller.environment);

/**
 * Same tenant, same permissions, same operation and variables: same answer. The key id is not
 * part of it (no cacheable field depends on which key asks), the role and scopes are (in the
 * token's order: the same key always lists them the same way).
 */
function cacheKey(
  caller: Caller,
  operationName: string | null | undefined,
  queryHash: string | undefined,
  variables: Record<string, unknown> | undefined,
): string {
  return [
    tenantOf(caller),
    caller.role,
    caller.scopes.join(' '),
    operationName ?? '',
    queryHash ?? '',
    JSON.stringify(variables ?? {}),
  ].join('\n');
}

/** Query texts remembered by {@link cacheableQueryHash}; REST has a few dozen constant ones. */
const MAX_REMEMBERED_QUERIES = 512;
const cacheableHashes = new Map<string, string | null>();

function mayBeKept(query: string): boolean {
  try {
    const operations = parse(query).definitions.filter(
      (definition): definition is OperationDefinitionNode =>
        definition.kind === Kind.OPERATION_DEFINITION,
    );
    return operations.length === 1 && cacheLifetimeOf(operations[0]!) !== null;
  } catch {
    return false;
  }
}

/**
 * The hash Apollo Server gives `query` (`requestContext.queryHash`) when its operation is one
 * the cache keeps, else `undefined`: a REST route's mutation is never looked up. Each text is
 * parsed once; past {@link MAX_REMEMBERED_QUERIES} texts, new ones are not looked up at all.
 */
export function cacheableQueryHash(query: string): string | undefined {
  let hash = cacheableHashes.get(query);
  if (hash === undefined) {
    if (cacheableHashes.size >= MAX_REMEMBERED_QUERIES) return undefined;
    hash = mayBeKept(query) ? createHash('sha256').update(query).digest('hex') : null;
    cacheableHashes.set(query, hash);
  }
  return hash ?? undefined;
}

/**
 * The gateway's read cache: answers of read operations kept per tenant and served until a
 * change to that tenant's rows commits. Invalidation comes from PostgreSQL itself (a trigger on
 * every tenant table notifies at commit, see tenant-change-notification.ts) and, so that a
 * client reads its own writes at once, from every mutation this gateway runs. Only calls whose
 * context asks for it use it (HTTP GraphQL and REST; not the subscriptions' follow-up queries,
 * which must see the very change they announce), and `Cache-Control: no-cache` on a request
 * reads afresh.
 */
export class GatewayReadCache {
  readonly metrics = new Registry();
  private readonly cache: ReadCache;
  private readonly lookups = new Counter({
    name: 'sotto_read_cache_lookups_total',
    help: 'GraphQL and REST reads by read-cache outcome: hit, miss (executed, then kept unless an equal answer already is), bypass (not cacheable, no-cache, or notifications down)',
    labelNames: ['result'],
    registers: [this.metrics],
  });

  constructor(
    private readonly changes: TenantChanges,
    limits: ReadCacheLimits,
  ) {
    this.cache = new ReadCache(limits);
    const cache = this.cache;
    new Gauge({
      name: 'sotto_read_cache_listening',
      help: '1 while the change notifications that keep the read cache fresh are received; 0: the cache is bypassed',
      registers: [this.metrics],
      // Of a cluster's workers: 1 only while every one of them receives them.
      aggregator: 'min',
      collect() {
        this.set(changes.live ? 1 : 0);
      },
    });
    new Gauge({
      name: 'sotto_read_cache_bytes',
      help: 'Size of the answers held by the read cache (their JSON)',
      registers: [this.metrics],
      collect() {
        this.set(cache.size.bytes);
      },
    });
  }

  async stop(): Promise<void> {
    this.cache.clear();
    await this.changes.stop();
  }

  /**
   * A write without an access token (a booking platform's notification) names no tenant the
   * gateway could drop: it waits until PostgreSQL's notifications of it have been heard instead.
   */
  private readonly anonymousWrites = {
    willSendResponse: async ({ operation }: { operation?: OperationDefinitionNode | null }) => {
      if (operation?.operation === 'mutation') await this.changes.heardAllCommitted();
    },
  };

  /**
   * The kept answer to a REST route's operation (no operation name), found without Apollo
   * Server's request pipeline. Kept means that the very same operation, with the same
   * variables, for the same tenant and permissions, went through that pipeline (parsing,
   * validation, the operation guard, execution) and succeeded since the tenant's last change:
   * nothing the pipeline checks could differ. `undefined`: run it through Apollo, which counts
   * the miss or the bypass.
   */
  answerOf(
    context: GatewayContext,
    query: string,
    variables: Record<string, unknown>,
  ): Record<string, unknown> | undefined {
    const { caller, readCache } = context;
    if (!caller || readCache !== 'use' || !this.changes.live) return undefined;
    const queryHash = cacheableQueryHash(query);
    if (queryHash === undefined) return undefined;
    return this.hit(cacheKey(caller, undefined, queryHash, variables));
  }

  /** The answer kept under `key`, counted as a hit; `undefined` when none is current. */
  private hit(key: string): Record<string, unknown> | undefined {
    const data = this.cache.get(key, (tenant) => this.changes.generationOf(tenant));
    if (data !== undefined) this.lookups.inc({ result: 'hit' });
    return data as Record<string, unknown> | undefined;
  }

  /** See ReadCache.derived: what a REST route makes of a kept answer, kept with it. */
  derived(source: object, maker: object, make: () => string): string {
    return this.cache.derived(source, maker, make);
  }

  plugin(): ApolloServerPlugin<GatewayContext> {
    return {
      requestDidStart: async ({ contextValue }) => {
        const { caller, readCache } = contextValue;
        if (!caller) return this.anonymousWrites;
        if (!readCache) return;
        const tenant = tenantOf(caller);
        let pending: { key: string; generation: number; lifetime: number } | undefined;
        return {
          responseForOperation: async (request) => {
            const { operation } = request;
            const lifetime = operation ? cacheLifetimeOf(operation) : null;
            if (!operation || lifetime === null || !this.changes.live) {
              if (operation?.operation === 'query') this.lookups.inc({ result: 'bypass' });
              return null;
            }
            const { operationName, variables } = request.request;
            const key = cacheKey(caller, operationName, request.queryHash, variables);
            const data = readCache === 'use' ? this.hit(key) : undefined;
            if (data !== undefined) {
              return {
                http: request.response.http,
                body: { kind: 'single', singleResult: { data } },
              };
            }
            this.lookups.inc({ result: readCache === 'use' ? 'miss' : 'bypass' });
            // The generation before any subgraph reads: a change heard of meanwhile voids the answer.
            pending = { key, generation: this.changes.generationOf(tenant), lifetime };
            return null;
          },
          willSendResponse: async ({ operation, response }) => {
            // A write through this gateway is fresh for its client's next read at once, without
            // waiting for PostgreSQL's notification.
            if (operation?.operation === 'mutation') return this.changes.changed(tenant);
            if (!pending || response.body.kind !== 'single') return;
            const { data, errors } = response.body.singleResult;
            if (errors?.length || !data) return;
            if (!this.changes.live || this.changes.generationOf(tenant) !== pending.generation)
              return;
            this.cache.set(pending.key, tenant, pending.generation, data, pending.lifetime);
          },
        };
      },
    };
  }
}
