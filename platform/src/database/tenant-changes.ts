import { randomUUID } from 'node:crypto';
import type { Logger } from '../logger';
import { NotificationListener } from './pg-listener';
import { parseTenantChange, TENANT_CHANGES_CHANNEL } from './tenant-change-notification';

const bump = (generations: Map<string, number>, key: string) =>
  generations.set(key, (generations.get(key) ?? 0) + 1);

/** A barrier's payload: a space, which no `restaurant/environment` payload has. */
const BARRIER = 'barrier ';
/** How long a barrier may take before the gateway gives up waiting and forgets everything. */
const BARRIER_TIMEOUT_MS = 2_000;

/**
 * Which version of each tenant's data this process has heard of. A tenant's generation moves on
 * each `sotto_tenant_changes` notification naming it (a commit that wrote one of its rows) and
 * each mutation the gateway ran for it; an answer cached at one generation is stale at the
 * next. A tenant's schema has a generation of its own (`schemaGenerationOf`), moved only by the
 * notifications naming that schema (or none), for what is read from one schema alone: orders
 * taken all evening leave the menu's generation where it was; and a schema's tables have theirs
 * when its notifications name them: bookings taken all evening leave the floor's tables where
 * they were. While the LISTEN connection is
 * down, notifications are lost: nothing is fresh, so `live` is false until it is back, and then
 * every generation moves on at once.
 */
export class TenantChanges {
  private readonly generations = new Map<string, number>();
  /** By `tenant/schema`; a notification without a schema moves `wholeTenant` instead. */
  private readonly schemaGenerations = new Map<string, number>();
  private readonly wholeTenant = new Map<string, number>();
  /** By `tenant/schema/table`; a notification naming no table moves `wholeSchema` instead. */
  private readonly tableGenerations = new Map<string, number>();
  private readonly wholeSchema = new Map<string, number>();
  /** Barriers sent and not yet back, by payload. */
  private readonly barriers = new Map<string, () => void>();
  /** Added to every tenant's generation: moves when notifications may have been missed. */
  private epoch = 0;
  private connected = false;
  private listener?: NotificationListener;

  /** Listens on the database; fails when it cannot be reached (like the other listeners). */
  static async listen(databaseUrl: string, logger: Logger): Promise<TenantChanges> {
    const changes = new TenantChanges();
    changes.listener = new NotificationListener({
      url: databaseUrl,
      channels: [TENANT_CHANGES_CHANNEL],
      onNotification: ({ payload }) => {
        if (!payload) return;
        if (payload.startsWith(BARRIER)) changes.barriers.get(payload)?.();
        else changes.notified(payload);
      },
      onLost: () => changes.lost(),
      onReconnected: () => changes.reconnected(),
      onError: (error) =>
        logger.warn({ err: error }, 'read cache: the change notification connection failed'),
    });
    await changes.listener.start();
    changes.connected = true;
    return changes;
  }

  /** Whether notifications are flowing, so that a cached answer can be trusted. */
  get live(): boolean {
    return this.connected;
  }

  /** The tenant's current generation (`restaurant/environment`). */
  generationOf(tenant: string): number {
    return this.epoch + (this.generations.get(tenant) ?? 0);
  }

  /**
   * The generation of what the tenant keeps in one schema: moves with the notifications naming
   * the schema, and those naming none; not with the gateway's mutations (`changed`), whose
   * writes notify in their turn. With `tables`, of what is read from those tables alone: moves
   * with the notifications naming one of them, the schema without a table, or nothing.
   */
  schemaGenerationOf(tenant: string, schema: string, tables?: readonly string[]): number {
    const base = this.epoch + (this.wholeTenant.get(tenant) ?? 0);
    if (!tables) return base + (this.schemaGenerations.get(`${tenant}/${schema}`) ?? 0);
    // A sum of counters that only grow: it moves whenever one of them does.
    let generation = base + (this.wholeSchema.get(`${tenant}/${schema}`) ?? 0);
    for (const table of tables) {
      generation += this.tableGenerations.get(`${tenant}/${schema}/${table}`) ?? 0;
    }
    return generation;
  }

  /** A change to the tenant's data committed (notified, or a mutation this gateway ran). */
  changed(tenant: string): void {
    bump(this.generations, tenant);
  }

  /**
   * A notification's payload: `restaurant/environment/schema/table`, or without the table, or
   * without the schema.
   */
  notified(payload: string): void {
    const { tenant, schema, table } = parseTenantChange(payload);
    this.changed(tenant);
    if (!schema) {
      bump(this.wholeTenant, tenant);
      return;
    }
    bump(this.schemaGenerations, `${tenant}/${schema}`);
    if (table) bump(this.tableGenerations, `${tenant}/${schema}/${table}`);
    else bump(this.wholeSchema, `${tenant}/${schema}`);
  }

  /**
   * Resolves once every change committed before the call has been heard of: for writes whose
   * tenant the gateway cannot name (a booking platform's notification carries no access token),
   * so that the next read through this gateway sees them. Sends a notification of its own and
   * waits for it: PostgreSQL delivers notifications in commit order. If it cannot (the connection
   * is down, or it takes too long), every tenant's answers are dropped instead.
   */
  async heardAllCommitted(): Promise<void> {
    if (!this.listener || !this.connected) return;
    const payload = `${BARRIER}${randomUUID()}`;
    let timer: NodeJS.Timeout | undefined;
    const heard = new Promise<boolean>((resolve) => {
      this.barriers.set(payload, () => resolve(true));
      timer = setTimeout(() => resolve(false), BARRIER_TIMEOUT_MS);
    });
    try {
      const sent = await this.listener.notify(TENANT_CHANGES_CHANNEL, payload).then(
        () => true,
        () => false,
      );
      if (!sent || !(await heard)) this.epoch += 1;
    } finally {
      clearTimeout(timer);
      this.barriers.delete(payload);
    }
  }

  async stop(): Promise<void> {
    this.connected = false;
    await this.listener?.stop();
  }

  private lost(): void {
    this.connected = false;
  }

  private reconnected(): void {
    // Whatever committed while the connection was down went unheard: all of it may be stale.
    this.epoch += 1;
    this.connected = true;
  }
}
