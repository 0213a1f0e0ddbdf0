import { randomUUID } from 'node:crypto';
import { NotificationListener } from '../../../platform/src/database/pg-listener';
import { TENANT_CHANGES_CHANNEL } from '../../../platform/src/database/tenant-change-notification';
import type { Logger } from '../../../platform/src/logger';

/** A barrier's payload: a space, which no `restaurant/environment` payload has. */
const BARRIER = 'barrier ';
/** How long a barrier may take before the gateway gives up waiting and forgets everything. */
const BARRIER_TIMEOUT_MS = 2_000;

/**
 * Which version of each tenant's data the gateway has heard of. A tenant's generation moves on
 * each `sotto_tenant_changes` notification naming it (a commit that wrote one of its rows) and
 * each mutation this gateway ran for it; an answer cached at one generation is stale at the
 * next. While the LISTEN connection is down, notifications are lost: nothing is fresh, so
 * `live` is false until it is back, and then every generation moves on at once.
 */
export class TenantChanges {
  private readonly generations = new Map<string, number>();
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
        else changes.changed(payload);
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

  /** A change to the tenant's data committed (notified, or a mutation this gateway ran). */
  changed(tenant: string): void {
    this.generations.set(tenant, (this.generations.get(tenant) ?? 0) + 1);
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
