import type { MikroORM } from '@mikro-orm/postgresql';
import { Gauge, type Registry } from 'prom-client';
import { WEBHOOKS_SCHEMA } from './webhook-secrets';

/** What waits to be delivered: never tried yet, or tried and waiting for its next attempt. */
export const QUEUE_STATES = ['pending', 'retrying'] as const;

/**
 * The webhooks service's own figures for `/metrics`: deliveries waiting, by state, across
 * tenants (read as the service's user; labels never name a tenant or an endpoint). Served by the
 * gateway's `/metrics` when the service runs in the gateway's process, else by its own.
 */
export function webhookQueueMetrics(orm: MikroORM) {
  return (registry: Registry): void => {
    new Gauge({
      name: 'sotto_webhook_deliveries_queued',
      help: 'Webhook deliveries waiting: `pending` (not tried yet) or `retrying` (failed, a next attempt scheduled)',
      labelNames: ['state'],
      registers: [registry],
      // Read from the database: every worker of a cluster counts the same queue.
      aggregator: 'max',
      async collect() {
        const rows = await orm.em.getConnection().execute<{ state: string; count: string }[]>(
          `select case when attempt_count = 0 then 'pending' else 'retrying' end as state,
                  count(*) as count
             from "${WEBHOOKS_SCHEMA}"."webhook_deliveries"
            where status = 'pending'
            group by 1`,
        );
        this.reset();
        for (const state of QUEUE_STATES) {
          const row = rows.find((candidate) => candidate.state === state);
          this.set({ state }, Number(row?.count ?? 0));
        }
      },
    });
  };
}
