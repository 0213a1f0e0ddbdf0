import type { Server } from 'node:http';
import type { ApolloServer } from '@apollo/server';
import {
  getArgumentValues,
  getOperationAST,
  GraphQLError,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
  type ParseOptions,
  type ValidationRule,
} from 'graphql';
import type { Context as WsContext, SubscribePayload } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { StoredEvent } from '../../../platform/src/events/event-log';
import { isEventCursor } from '../../../platform/src/events/event-log-reader';
import type { Logger } from '../../../platform/src/logger';
import { can } from '../../../platform/src/tenancy/permissions';
import type { Caller } from '../../../platform/src/tenancy/tenant';
import {
  bearerToken,
  InvalidAccessToken,
  type AccessTokenVerifier,
} from '../auth/access-token-verifier';
import type { GatewayContext } from '../context';
import { mayReadSchema, withoutSuggestions } from '../graphql-hardening';
import { operationNameOf } from '../http/operation-name';
import { newRequestId } from '../http/request-id';
import type { RequestLog } from '../request-log/request-log';
import { httpStatusFor } from '../../../platform/src/errors';
import type { ConnectionLease } from '../limits/connection-limit';
import type { RequestLimits } from '../limits/request-limits';
import { ENTITY, entityQuery, EntityResolver, fragmentsOf, type EntityQuery } from './entity-query';
import { EventHub, type LiveEvents } from './event-hub';
import type { FanOutSettings } from './redis-fan-out';
import {
  itemResponseKeys,
  KITCHEN_SELECTION,
  narrowToStation,
  openTicketIds,
} from './kitchen-tickets';
import { KITCHEN_TICKETS, subscriptionField, type SubscriptionField } from './subscription-fields';

/** Close codes: graphql-ws's own, and 1013 (try again later) for a client left behind. */
export const CLOSE_CODES = {
  /** Missing, bad or expired access token (graphql-ws: the server refuses the connection). */
  forbidden: 4403,
  /** The key's connection budget is used up (`SOTTO_MAX_CONNECTIONS_PER_KEY`). */
  tooManyConnections: 4429,
  /** The client fell too many events behind; it may reconnect and resume with `after`. */
  tooSlow: 1013,
} as const;

/** Pings every 12 s; a client that does not answer within as long is cut off. */
const KEEP_ALIVE_MS = 12_000;
const MAX_MESSAGE_BYTES = 1024 * 1024;

export interface SubscriptionServerOptions {
  server: Server;
  /** The schema with the gateway's Subscription type. */
  schema: () => GraphQLSchema;
  apollo: ApolloServer<GatewayContext>;
  verifier: AccessTokenVerifier;
  limits: RequestLimits;
  /** Where the event log is read (as the service's user, across tenants). */
  databaseUrl: string;
  logger: Logger;
  /** Events a subscriber may have waiting before it is dropped (default 500). */
  queueLimit?: number;
  /** With Redis, one reader of the log for every replica (see RedisFanOut). */
  fanOut?: FanOutSettings;
  validationRules: readonly ValidationRule[];
  parseOptions: ParseOptions;
  /** Where each subscribe message is recorded for the key's request log. */
  requestLog?: Pick<RequestLog, 'recordSubscription'>;
}

/** One WebSocket's caller, its connection slot and the end of its token's life. */
interface Connection {
  caller: Caller;
  lease: ConnectionLease;
  expiry: NodeJS.Timeout;
  close(code: number, reason: string): void;
}

/** What a subscribe message resolved to, for `subscribe` to run. */
interface Plan {
  connection: Connection;
  entry: SubscriptionField;
  query: EntityQuery;
  responseKey: string;
  args: Record<string, unknown>;
  /** kitchenTickets: the response keys of the order's items, narrowed to the station's. */
  itemKeys?: Set<string>;
}

type Ctx = WsContext<Record<string, unknown>, Extra>;

const refusal = (message: string, code: string) =>
  [new GraphQLError(message, { extensions: { code } })] as const;

/**
 * graphql-ws on the gateway's HTTP server and `/graphql` path. The access token comes in the
 * `connection_init` payload (`{"authorization": "Bearer <JWT>"}`); each subscription field is
 * fed by the process's one event-log reader (EventHub), and its entity is read back through the
 * gateway with the subscriber's authorization (EntityResolver), once per event and selection.
 */
export async function startSubscriptionServer(options: SubscriptionServerOptions) {
  const { logger, limits } = options;
  const hub = await EventHub.start({
    databaseUrl: options.databaseUrl,
    logger,
    queueLimit: options.queueLimit,
    fanOut: options.fanOut,
  });
  const resolver = new EntityResolver(options.apollo);
  const connections = new WeakMap<Ctx, Connection>();
  const wss = new WebSocketServer({
    server: options.server,
    path: '/graphql',
    maxPayload: MAX_MESSAGE_BYTES,
  });

  const refuse = (ctx: Ctx, code: number, reason: string) => {
    ctx.extra.socket.close(code, reason);
    return false as const;
  };

  async function onConnect(ctx: Ctx): Promise<boolean> {
    const authorization = ctx.connectionParams?.authorization;
    if (typeof authorization !== 'string' || authorization === '') {
      return refuse(ctx, CLOSE_CODES.forbidden, 'Forbidden: missing access token');
    }
    let verified;
    try {
      verified = await options.verifier.verifyToken(bearerToken(authorization));
    } catch (error) {
      if (!(error instanceof InvalidAccessToken)) throw error;
      return refuse(ctx, CLOSE_CODES.forbidden, `Forbidden: ${error.message}`);
    }
    const { caller, expiresAt } = verified;
    const lease = await limits.acquireConnection(caller);
    if (!lease) {
      const max = limits.maxConnectionsOf(caller);
      return refuse(
        ctx,
        CLOSE_CODES.tooManyConnections,
        `Too many connections: at most ${max} for this API key`,
      );
    }
    const socket = ctx.extra.socket;
    const close = (code: number, reason: string) => socket.close(code, reason);
    const expiry = setTimeout(
      () => close(CLOSE_CODES.forbidden, 'Forbidden: the access token has expired'),
      // (setTimeout holds at most 2^31 - 1 ms, about 24 days.)
      Math.min(Math.max(0, expiresAt.getTime() - Date.now()), 2 ** 31 - 1),
    );
    connections.set(ctx, { caller, lease, expiry, close });
    if (socket.readyState !== socket.OPEN) release(ctx);
    logger.debug({ keyId: caller.keyId }, 'subscription socket opened');
    return true;
  }

  function release(ctx: Ctx) {
    const connection = connections.get(ctx);
    if (!connection) return;
    connections.delete(ctx);
    clearTimeout(connection.expiry);
    connection.lease.release();
  }

  async function onSubscribe(
    ctx: Ctx,
    _id: string,
    payload: SubscribePayload,
  ): Promise<ExecutionArgs | readonly GraphQLError[]> {
    const connection = connections.get(ctx);
    if (!connection) return refusal('The connection is closing', 'UNAUTHENTICATED');
    const { caller } = connection;
    const decision = await limits.chargeKey(caller);
    if (!decision.allowed) {
      return refusal(
        `Rate limit of ${decision.limit} requests per minute reached; retry in ${decision.resetSeconds} s`,
        'RATE_LIMITED',
      );
    }
    const schema = options.schema();
    let document: DocumentNode;
    try {
      document = parse(payload.query, options.parseOptions);
    } catch (error) {
      if (error instanceof GraphQLError) return [error];
      throw error;
    }
    const errors = validate(schema, document, [...specifiedRules, ...options.validationRules]);
    if (errors.length > 0) {
      if (mayReadSchema(caller)) return errors;
      return errors.map((error) => new GraphQLError(withoutSuggestions(error.message), error));
    }
    const operation = getOperationAST(document, payload.operationName);
    if (!operation) return refusal('No operation to run: name it in operationName', 'BAD_REQUEST');
    if (operation.operation !== 'subscription') {
      return refusal(
        'Only subscriptions are served over WebSocket: send queries and mutations over HTTP',
        'BAD_REQUEST',
      );
    }
    const field = operation.selectionSet.selections[0];
    if (field?.kind !== Kind.FIELD) {
      return refusal('Select the subscription field directly', 'BAD_REQUEST');
    }
    const entry = subscriptionField(field.name.value);
    const definition = schema.getSubscriptionType()?.getFields()[field.name.value];
    if (!entry || !definition) return refusal('Unknown subscription field', 'BAD_REQUEST');
    if (!can(caller, entry.permission)) {
      return refusal(`Missing permission ${entry.permission}`, 'FORBIDDEN');
    }
    const variableValues = payload.variables ?? {};
    let args: Record<string, unknown>;
    try {
      args = getArgumentValues(definition, field, variableValues);
    } catch (error) {
      if (error instanceof GraphQLError) return [error];
      throw error;
    }
    if (typeof args.after === 'string' && !isEventCursor(args.after)) {
      return refusal(
        'after: not an event cursor (take it from extensions.cursor)',
        'BAD_USER_INPUT',
      );
    }
    const kitchen = entry.field === KITCHEN_TICKETS;
    const plan: Plan = {
      connection,
      entry,
      args,
      responseKey: field.alias?.value ?? field.name.value,
      query: entityQuery(
        entry,
        document,
        operation,
        field,
        variableValues,
        kitchen ? KITCHEN_SELECTION : '',
      ),
      itemKeys: kitchen ? itemResponseKeys(field.selectionSet!, fragmentsOf(document)) : undefined,
    };
    return {
      schema,
      document,
      operationName: payload.operationName,
      variableValues,
      contextValue: plan,
    };
  }

  /** onSubscribe, with its outcome recorded in the key's request log (200, or the refusal's). */
  async function recordedSubscribe(ctx: Ctx, id: string, payload: SubscribePayload) {
    const started = performance.now();
    const outcome = await onSubscribe(ctx, id, payload);
    const caller = connections.get(ctx)?.caller;
    if (caller && options.requestLog) {
      const code = Array.isArray(outcome) ? outcome[0]?.extensions?.code : undefined;
      options.requestLog.recordSubscription(caller, {
        requestId: newRequestId(),
        operationName: operationNameOf(payload),
        status: !Array.isArray(outcome)
          ? 200
          : typeof code === 'string'
            ? httpStatusFor(code)
            : 400,
        latencyMs: Math.round(performance.now() - started),
      });
    }
    return outcome;
  }

  async function subscribe(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult>> {
    const plan = args.contextValue as Plan;
    const { entry, connection } = plan;
    let after = typeof plan.args.after === 'string' ? plan.args.after : undefined;
    let snapshot: (() => Promise<SnapshotTicket[]>) | undefined;
    if (entry.field === KITCHEN_TICKETS && after === undefined) {
      // The open tickets now, then every event after the log's end as it was before reading them.
      const head = await hub.head();
      after = head;
      snapshot = () => openTickets(plan, head);
    }
    const live = hub.subscribe({
      tenant: connection.caller,
      accepts: (event) =>
        entry.events.includes(event.type) && (entry.accepts?.(event, plan.args) ?? true),
      after,
      onOverflow: () =>
        connection.close(
          CLOSE_CODES.tooSlow,
          'Too slow: events were not taken fast enough; reconnect and resume with after',
        ),
    });
    return new ResultStream(plan, live, resolver, snapshot);
  }

  /** kitchenTickets' first results: every open ticket now, then the events after the log head. */
  async function openTickets(plan: Plan, head: string): Promise<SnapshotTicket[]> {
    const station = typeof plan.args.station === 'string' ? plan.args.station : undefined;
    const ids = await openTicketIds(resolver, plan.connection.caller, station, `sub-open-${head}`);
    return ids.map((id) => ({ id, head }));
  }

  const server = useServer<Record<string, unknown>>(
    {
      schema: options.schema,
      // Internal errors are reported as "Internal server error", never with their message.
      isProd: true,
      onConnect,
      onClose: (ctx) => release(ctx),
      onSubscribe: recordedSubscribe,
      subscribe,
    },
    wss,
    KEEP_ALIVE_MS,
  );

  return {
    /** The event reader, for tests to see how many subscribers it holds. */
    hub,
    /** WebSockets open now, for `/metrics`. */
    openSockets: () => wss.clients.size,
    /** What the live feed has read of the log, whether it leads the cluster, for `/metrics`. */
    feedStats: () => hub.stats,
    async close(): Promise<void> {
      await server.dispose();
      await hub.stop();
    },
  };
}

interface SnapshotTicket {
  id: string;
  head: string;
}

/**
 * The results of one subscription: kitchenTickets' open tickets first (when asked), then one
 * per event of the log, each event's entity read back through the gateway. `return()` (the
 * client completes or goes away) ends it at once, even while it waits for the next event.
 */
class ResultStream implements AsyncIterableIterator<ExecutionResult> {
  private tickets?: SnapshotTicket[];
  /** kitchenTickets: the version of each order last sent, not to send one state twice. */
  private readonly shown = new Map<string, number>();
  private done = false;

  constructor(
    private readonly plan: Plan,
    private readonly live: LiveEvents,
    private readonly resolver: EntityResolver,
    private readonly snapshot?: () => Promise<SnapshotTicket[]>,
  ) {}

  [Symbol.asyncIterator]() {
    return this;
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    for (;;) {
      const step = await this.step();
      if (step) return step;
    }
  }

  /** The next result, or null when there is nothing new to send for the last event. */
  private async step(): Promise<IteratorResult<ExecutionResult> | null> {
    const { caller } = this.plan.connection;
    if (this.snapshot && !this.tickets) this.tickets = await this.snapshot();
    const ticket = this.tickets?.shift();
    if (ticket) {
      const result = await this.resolver.resolve(
        caller,
        this.plan.query,
        ticket.id,
        `open-${ticket.head}`,
      );
      // The cursor comes with the last open ticket: a client cut off before it starts over.
      const last = this.tickets!.length === 0;
      return this.emit(ticket.id, result, {
        snapshot: true,
        ...(last ? { cursor: ticket.head } : {}),
      });
    }
    const step = await this.live.next();
    if (step.done) return this.finish();
    const event: StoredEvent = step.value;
    const result = await this.resolver.ofEvent(caller, this.plan.query, event);
    return this.emit(event.aggregateId, result, {
      cursor: event.cursor,
      event: { id: event.id, type: event.type, occurredAt: event.occurredAt.toISOString() },
    });
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.live.close();
    return this.finish();
  }

  private finish(): IteratorResult<ExecutionResult> {
    this.done = true;
    return { done: true, value: undefined };
  }

  private emit(
    entityId: string,
    result: ExecutionResult,
    extensions: Record<string, unknown>,
  ): IteratorResult<ExecutionResult> | null {
    if (this.done) return this.finish();
    let entity = (result.data?.[ENTITY] ?? null) as Record<string, unknown> | null;
    if (entity && this.plan.itemKeys) {
      const station =
        typeof this.plan.args.station === 'string' ? this.plan.args.station : undefined;
      const { ticket, version } = narrowToStation(entity, this.plan.itemKeys, station);
      // The open tickets read first and the events after the log's end may overlap.
      if ((this.shown.get(entityId) ?? -1) >= version) return null;
      this.shown.set(entityId, version);
      entity = ticket;
    }
    const errors =
      result.errors ??
      (entity
        ? undefined
        : [
            new GraphQLError(`The ${this.plan.entry.type} of this event is not visible any more`, {
              extensions: { code: 'NOT_FOUND' },
            }),
          ]);
    return {
      done: false,
      value: {
        data: entity ? { [this.plan.responseKey]: entity } : null,
        ...(errors ? { errors } : {}),
        extensions,
      },
    };
  }
}
