import type { MikroORM } from '@mikro-orm/postgresql';
import { BatchLookahead } from '../../../platform/src/events/batch-lookahead';
import { isStillLogged, type StoredEvent } from '../../../platform/src/events/event-log';
import type { Logger } from '../../../platform/src/logger';
import type { Tenant } from '../../../platform/src/tenancy/tenant';
import { OWN_ROWS, TenantDatabase } from '../../../platform/src/tenancy/tenant-database';
import { WebhookEndpoint } from './entities/webhook-endpoint.entity';
import type { WebhookBodyWriter } from './event-message';
import { announceDeliveries } from './webhooks.service';

/**
 * Turns each event of the log into one delivery per endpoint of the event's own tenant that
 * subscribes to it and existed when it happened. Runs as a durable event-log consumer: a
 * replayed event queues nothing twice (one delivery per endpoint and event), and the
 * deliveries are written through the tenant's row-level security.
 */
export class WebhookFanOut {
  constructor(
    private readonly orm: MikroORM,
    private readonly writeBody: WebhookBodyWriter,
    private readonly logger?: Logger,
  ) {}

  /** Per batch and tenant, the event types that an enabled endpoint subscribes to. */
  private readonly subscribed = new BatchLookahead((tenant) => this.subscribedTypes(tenant));

  async handle(event: StoredEvent, batch: readonly StoredEvent[] = [event]): Promise<void> {
    const types = await this.subscribed.of(event, batch);
    if (!types.has(event.type) && !types.has('*')) return;
    const db = new TenantDatabase(this.orm.em, {
      restaurantId: event.restaurantId,
      environment: event.environment,
    });
    await db.transaction(async (em) => {
      const endpoints = await em.find(WebhookEndpoint, {
        status: 'enabled',
        events: { $overlap: [event.type, '*'] },
        createdAt: { $lte: event.occurredAt },
      });
      if (!endpoints.length) return;
      // Dropped by a sandbox reset since it was read: nothing to tell about it.
      if (!(await isStillLogged(em, event))) return;
      let body: string;
      try {
        body = this.writeBody(event);
      } catch (error) {
        // A snapshot the REST mappers cannot read is a bug to fix, not a reason to hold back
        // every later event of every restaurant: it is logged and skipped.
        this.logger?.error({ err: error, event: event.id }, 'webhooks: event body not written');
        return;
      }
      for (const endpoint of endpoints) {
        await em.execute(
          `insert into "webhooks"."webhook_deliveries"
             ("id", "endpoint_id", "restaurant_id", "environment", "event_id", "event_type",
              "event_seq", "ordering_key", "body", "test", "status", "attempt_count",
              "next_attempt_at", "created_at")
           values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, ?, ?, false, 'pending', 0, now(), now())
           on conflict ("endpoint_id", "event_id") do nothing`,
          [
            endpoint.id,
            event.restaurantId,
            event.environment,
            event.id,
            event.type,
            event.seq,
            `${event.aggregateType}:${event.aggregateId}`,
            body,
          ],
        );
      }
      await announceDeliveries(em);
    });
  }

  /**
   * The event types that the tenant's enabled endpoints subscribe to, in one round trip per
   * batch: most restaurants have no endpoint, and their events are spared the transaction
   * (which asks again, exactly: an endpoint created since wants no event that happened before
   * it, and one disabled since is not in the transaction's answer).
   */
  private async subscribedTypes(tenant: Tenant): Promise<Set<string>> {
    const [rows] = await new TenantDatabase(this.orm.em, tenant).read([
      {
        sql: `select distinct unnest(events) as type from webhooks.webhook_endpoints
          where ${OWN_ROWS} and status = 'enabled'`,
      },
    ]);
    return new Set(rows!.map((row) => String(row.type)));
  }
}
