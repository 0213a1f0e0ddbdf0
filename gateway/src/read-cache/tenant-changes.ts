import { NotificationListener } from '../../../platform/src/database/pg-listener';
import { TENANT_CHANGES_CHANNEL } from '../../../platform/src/database/tenant-change-notification';
import type { Logger } from '../../../platform/src/logger';

/** How a gateway's listening connection shows in `pg_stat_activity` (for operators and tests). */
export function listenerName(pid = process.pid): string {
  return `sotto-gateway-read-cache ${pid}`;
}

/**
 * Which version of each tenant's data the gateway has heard of. A tenant's generation moves on
 * each `sotto_tenant_changes` notification naming it (a commit that wrote one of its rows) and
 * each mutation this gateway ran for it; an answer cached at one generation is stale at the
 * next. While the LISTEN connection is down, notifications are lost: nothing is fresh, so
 * `live` is false until it is back, and then every generation moves on at once.
 */
export class TenantChanges {
  private readonly generations = new Map<string, number>();
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
      applicationName: listenerName(),
      onNotification: ({ payload }) => {
        if (payload) changes.changed(payload);
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
