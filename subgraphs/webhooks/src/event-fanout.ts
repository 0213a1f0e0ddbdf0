import type { MikroORM } from '@mikro-orm/postgresql';
import type { StoredEvent } from '../../../platform/src/events/event-log';
import type { Logger } from '../../../platform/src/logger';
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

  async handle(event: StoredEvent): Promise<void> {
    const db = new TenantDatabase(this.orm.em, {
      restaurantId: event.restaurantId,
      environment: event.environment,
    });
    if (!(await this.anyEndpointFor(db, event))) return;
    await db.transaction(async (em) => {
      const endpoints = await em.find(WebhookEndpoint, {
        status: 'enabled',
        events: { $overlap: [event.type, '*'] },
        createdAt: { $lte: event.occurredAt },
      });
      if (!endpoints.length) return;
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
   * Whether an endpoint of the tenant may want the event, in one round trip: most events of
   * most restaurants have none, and are spared the transaction (which asks again, exactly).
   */
  private async anyEndpointFor(db: TenantDatabase, event: StoredEvent): Promise<boolean> {
    const [rows] = await db.read([
      {
        sql: `select exists (select 1 from webhooks.webhook_endpoints where ${OWN_ROWS}
                and status = 'enabled' and (? = any(events) or '*' = any(events))) as any`,
        params: [event.type],
      },
    ]);
    return rows![0]!.any === true;
  }
}
