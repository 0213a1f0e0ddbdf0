import type { Pool, PoolClient } from 'pg';
import { NotificationListener } from '../../../platform/src/database/pg-listener';
import type { Logger } from '../../../platform/src/logger';
import type { Environment } from '../../../platform/src/tenancy/tenant';
import { nextAttemptAt } from './retry-schedule';
import { DELIVERY_TIMEOUT_MS, sendWebhook, type SendOutcome } from './webhook-sender';
import { signWebhook } from './webhook-signature';
import type { WebhookSecrets } from './webhook-secrets';
import { DELIVERIES_CHANNEL } from './webhooks.service';
import { resilientPool } from '../../../platform/src/database/pg-pool';

/** How long a claimed delivery stays with its worker: longer than an attempt can take. */
const LEASE_MS = DELIVERY_TIMEOUT_MS + 20_000;
/** Endpoints served per claim, and deliveries per endpoint per claim (within its rate). */
const ENDPOINTS_PER_CLAIM = 20;
const DELIVERIES_PER_ENDPOINT = 10;

export interface DeliveryWorkerOptions {
  url: string;
  secrets: WebhookSecrets;
  /** `SOTTO_WEBHOOK_RETRY_SCHEDULE`: seconds between attempts. */
  retrySchedule: readonly number[];
  /** `SOTTO_WEBHOOK_RATE_PER_MINUTE`: attempts a minute per endpoint, the rest wait. */
  ratePerMinute: number;
  /** Fallback poll, for retries coming due (queued deliveries wake the worker at once). */
  pollIntervalMs?: number;
  logger?: Logger;
}

interface ClaimedDelivery {
  id: string;
  endpoint_id: string;
  restaurant_id: string;
  environment: Environment;
  event_id: string;
  body: string;
  attempt_count: number;
  target_url: string;
  secret_sealed: string;
  previous_secret_sealed: string | null;
  previous_secret_expires_at: Date | null;
}

/**
 * Sends due webhook deliveries. The queue is the deliveries table: a worker claims rows with
 * `for update skip locked` and leases them while it sends, so any number of replicas share the
 * work, and a worker that dies leaves its leases to expire and be claimed again (at least
 * once). Per claim, each endpoint is locked while its budget is counted (attempts in the last
 * minute and leases in flight), so the rate holds across replicas; and only the oldest pending
 * event of each order (each aggregate) is claimed, so one order's events arrive in sequence.
 */
export class WebhookDeliveryWorker {
  private readonly pool: Pool;
  private listener?: NotificationListener;
  private timer?: NodeJS.Timeout;
  private running = false;
  private working?: Promise<void>;
  private wakeAgain = false;

  constructor(private readonly options: DeliveryWorkerOptions) {
    this.pool = resilientPool({ url: options.url, max: 2, owner: 'webhook-deliveries' }, (error) =>
      this.fail(error),
    );
  }

  async start(): Promise<void> {
    this.running = true;
    this.listener = new NotificationListener({
      url: this.options.url,
      channels: [DELIVERIES_CHANNEL],
      onNotification: () => this.wake(),
      onReconnected: () => this.wake(),
      onError: (error) => this.fail(error),
    });
    await this.listener.start();
    this.timer = setInterval(() => this.wake(), this.options.pollIntervalMs ?? 500);
    this.wake();
  }

  /** Stops claiming; the attempts in flight finish and are recorded first. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearInterval(this.timer);
    while (this.working) await this.working;
    await this.listener?.stop();
    await this.pool.end();
  }

  wake(): void {
    if (!this.running) return;
    if (this.working) {
      this.wakeAgain = true;
      return;
    }
    this.working = this.work()
      .catch((error: unknown) => this.fail(error))
      .finally(() => {
        this.working = undefined;
        if (this.wakeAgain) {
          this.wakeAgain = false;
          this.wake();
        }
      });
  }

  private async work(): Promise<void> {
    while (this.running) {
      const claimed = await this.claim();
      if (!claimed.length) return;
      await Promise.all(claimed.map((delivery) => this.attempt(delivery)));
    }
  }

  private async claim(): Promise<ClaimedDelivery[]> {
    return this.inTransaction(async (client) => {
      const { rows: endpoints } = await client.query<{ id: string }>(
        `select e.id from webhooks.webhook_endpoints e
          where e.status = 'enabled'
            and exists (select 1 from webhooks.webhook_deliveries d
                         where d.endpoint_id = e.id and d.status = 'pending'
                           and d.next_attempt_at <= now()
                           and (d.locked_until is null or d.locked_until < now()))
          order by e.id
          limit $1
          for update of e skip locked`,
        [ENDPOINTS_PER_CLAIM],
      );
      if (!endpoints.length) return [];
      const ids = endpoints.map((endpoint) => endpoint.id);
      const { rows: used } = await client.query<{ endpoint_id: string; used: string }>(
        `select endpoint_id, count(*) as used from (
           select endpoint_id from webhooks.webhook_attempts
            where endpoint_id = any($1) and started_at > now() - interval '1 minute'
           union all
           select endpoint_id from webhooks.webhook_deliveries
            where endpoint_id = any($1) and status = 'pending' and locked_until > now()
         ) recent group by endpoint_id`,
        [ids],
      );
      const claimed: ClaimedDelivery[] = [];
      for (const id of ids) {
        const spent = Number(used.find((row) => row.endpoint_id === id)?.used ?? 0);
        const budget = Math.min(DELIVERIES_PER_ENDPOINT, this.options.ratePerMinute - spent);
        if (budget <= 0) continue;
        const { rows } = await client.query<ClaimedDelivery>(
          `with heads as (
             select d.id from webhooks.webhook_deliveries d
              where d.endpoint_id = $1 and d.status = 'pending' and d.next_attempt_at <= now()
                and (d.locked_until is null or d.locked_until < now())
                and (d.ordering_key is null or not exists (
                      select 1 from webhooks.webhook_deliveries earlier
                       where earlier.endpoint_id = d.endpoint_id
                         and earlier.ordering_key = d.ordering_key
                         and earlier.status = 'pending'
                         and earlier.event_seq < d.event_seq))
              order by d.event_seq nulls last, d.created_at
              limit $2
              for update of d skip locked)
           update webhooks.webhook_deliveries d
              set locked_until = now() + make_interval(secs => $3::double precision / 1000)
             from heads, webhooks.webhook_endpoints e
            where d.id = heads.id and e.id = d.endpoint_id
           returning d.id, d.endpoint_id, d.restaurant_id, d.environment, d.event_id, d.body,
                     d.attempt_count, e.target_url, e.secret_sealed, e.previous_secret_sealed,
                     e.previous_secret_expires_at`,
          [id, budget, LEASE_MS],
        );
        claimed.push(...rows);
      }
      return claimed;
    });
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const startedAt = new Date();
    let outcome: SendOutcome;
    try {
      const secrets = await this.options.secrets.signing({
        id: delivery.endpoint_id,
        restaurantId: delivery.restaurant_id,
        environment: delivery.environment,
        secretSealed: delivery.secret_sealed,
        previousSecretSealed: delivery.previous_secret_sealed,
        previousSecretExpiresAt: delivery.previous_secret_expires_at,
      });
      const headers = signWebhook(secrets, {
        id: delivery.event_id,
        body: delivery.body,
        timestamp: startedAt,
      });
      outcome = await sendWebhook(
        delivery.target_url,
        { ...headers },
        delivery.body,
        delivery.environment,
      );
    } catch (error) {
      this.options.logger?.error({ err: error, delivery: delivery.id }, 'webhook not signed');
      outcome = {
        statusCode: null,
        latencyMs: 0,
        error: 'not signed: internal error',
        succeeded: false,
      };
    }
    await this.record(delivery, startedAt, outcome);
  }

  /** Writes the attempt and what follows from it, and releases the lease. */
  private async record(
    delivery: ClaimedDelivery,
    startedAt: Date,
    outcome: SendOutcome,
  ): Promise<void> {
    const number = delivery.attempt_count + 1;
    await this.inTransaction(async (client) => {
      await client.query(
        `insert into webhooks.webhook_attempts
           (delivery_id, endpoint_id, restaurant_id, environment, number, started_at, latency_ms,
            status_code, error, succeeded)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          delivery.id,
          delivery.endpoint_id,
          delivery.restaurant_id,
          delivery.environment,
          number,
          startedAt,
          outcome.latencyMs,
          outcome.statusCode,
          outcome.error,
          outcome.succeeded,
        ],
      );
      if (outcome.succeeded) {
        await client.query(
          `update webhooks.webhook_deliveries
              set status = 'succeeded', attempt_count = $2, delivered_at = now(),
                  next_attempt_at = null, locked_until = null
            where id = $1`,
          [delivery.id, number],
        );
        await client.query(
          `update webhooks.webhook_endpoints set failing_since = null where id = $1`,
          [delivery.endpoint_id],
        );
        return;
      }
      if (outcome.statusCode === 410) {
        await this.giveUp(client, delivery, number);
        await this.disable(client, delivery.endpoint_id, 'the endpoint answered 410 Gone');
        return;
      }
      const next = nextAttemptAt(this.options.retrySchedule, number, new Date());
      await client.query(
        `update webhooks.webhook_endpoints set failing_since = coalesce(failing_since, $2)
          where id = $1`,
        [delivery.endpoint_id, startedAt],
      );
      if (next) {
        await client.query(
          `update webhooks.webhook_deliveries
              set attempt_count = $2, next_attempt_at = $3, locked_until = null
            where id = $1`,
          [delivery.id, number, next],
        );
        return;
      }
      await this.giveUp(client, delivery, number);
      // Out of retries, with no success anywhere on the endpoint since this delivery first
      // failed: the endpoint has been failing for the whole schedule (days, by default).
      const { rows } = await client.query<{ failing_since: Date }>(
        `select e.failing_since from webhooks.webhook_endpoints e
          where e.id = $1 and e.failing_since <= (
            select min(started_at) from webhooks.webhook_attempts where delivery_id = $2)`,
        [delivery.endpoint_id, delivery.id],
      );
      if (rows[0]) {
        await this.disable(
          client,
          delivery.endpoint_id,
          `every delivery has failed since ${rows[0].failing_since.toISOString()}; event ` +
            `${delivery.event_id} gave up after ${number} attempts (${outcome.error})`,
        );
      }
    });
  }

  private async giveUp(client: PoolClient, delivery: ClaimedDelivery, number: number) {
    await client.query(
      `update webhooks.webhook_deliveries
          set status = 'failed', attempt_count = $2, next_attempt_at = null, locked_until = null
        where id = $1`,
      [delivery.id, number],
    );
  }

  private async disable(client: PoolClient, endpointId: string, reason: string) {
    await client.query(
      `update webhooks.webhook_endpoints
          set status = 'disabled', disabled_reason = $2, disabled_at = now(), updated_at = now()
        where id = $1 and status = 'enabled'`,
      [endpointId, reason],
    );
    this.options.logger?.warn({ webhook: endpointId, reason }, 'webhook endpoint disabled');
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    // Checked out, a client has no pool listener: its connection lost is reported here, and the
    // client is destroyed rather than returned to the pool.
    let lost: Error | undefined;
    const onLost = (error: Error) => {
      lost = error;
      this.fail(error);
    };
    client.on('error', onLost);
    try {
      await client.query('begin');
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch((rollbackError: Error) => (lost ??= rollbackError));
      throw error;
    } finally {
      client.off('error', onLost);
      client.release(lost);
    }
  }

  private fail(error: unknown): void {
    this.options.logger?.error({ err: error }, 'webhooks: delivery worker failed');
  }
}
