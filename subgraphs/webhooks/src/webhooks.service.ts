import { LockMode, type EntityManager } from '@mikro-orm/postgresql';
import { DomainError, NotFoundError, ValidationFailed } from '../../../platform/src/errors';
import { EVENT_TYPES, type EventType } from '../../../platform/src/events/event-log';
import { hasPrefix } from '../../../platform/src/ids';
import { insertStatement } from '../../../platform/src/database/entity-statements';
import {
  advisoryLockQuery,
  OWN_ROWS,
  type TenantDatabase,
} from '../../../platform/src/tenancy/tenant-database';
import { WebhookAttempt } from './entities/webhook-attempt.entity';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { WebhookEndpoint, type EventSelector } from './entities/webhook-endpoint.entity';
import type { WebhookBodyWriter } from './event-message';
import { sampleEvent } from './sample-events';
import { forbiddenTargetReason, targetUrlProblem } from './target-url';
import { generateWebhookSecret, WebhookSecret } from './webhook-signature';
import type { WebhookSecrets } from './webhook-secrets';

/** How long a rotated-out secret keeps signing unless said otherwise: a day. */
const DEFAULT_OVERLAP_SECONDS = 86_400;
const MAX_OVERLAP_SECONDS = 7 * 86_400;
const MAX_ENDPOINTS = 50;
/** Wakes the delivery workers of every replica when deliveries are queued. */
export const DELIVERIES_CHANNEL = 'sotto_webhook_deliveries';

export interface NewWebhook {
  events: readonly string[];
  targetUrl: string;
  secret?: string | null;
  description?: string | null;
}

/** An endpoint with the secret the platform generated for it, shown this once. */
export interface CreatedWebhook {
  webhook: WebhookEndpoint;
  secret: string | null;
}

export function isEventType(value: string): value is EventType {
  return (EVENT_TYPES as readonly string[]).includes(value);
}

/** `["order.created", "order.created"]` → `["order.created"]`; anything with `*` → `["*"]`. */
export function parseEventSelectors(events: readonly string[]): EventSelector[] {
  const problems = events
    .filter((event) => event !== '*' && !isEventType(event))
    .map((event) => ({
      field: 'events',
      message: `'${event}' is not an event; expected '*' or one of ${EVENT_TYPES.join(', ')}`,
    }));
  if (!events.length) problems.push({ field: 'events', message: 'name at least one event' });
  if (problems.length) throw new ValidationFailed('INVALID_FIELD', problems[0]!.message, problems);
  if (events.includes('*')) return ['*'];
  return [...new Set(events as EventType[])];
}

function invalid(field: string, message: string): never {
  throw new ValidationFailed('INVALID_FIELD', `${field} ${message}`, [{ field, message }]);
}

/** Notifies the delivery workers, from inside the transaction that queued: sent at commit. */
export async function announceDeliveries(em: EntityManager): Promise<void> {
  await em.execute(`select pg_notify('${DELIVERIES_CHANNEL}', '')`);
}

/**
 * One tenant's webhook endpoints: registering them (the URL checked against server-side request
 * forgery outside the sandbox), their secrets, the simulator, redeliveries and the delivery log.
 */
export class WebhooksService {
  constructor(
    private readonly db: TenantDatabase,
    private readonly secrets: WebhookSecrets,
    private readonly writeBody: WebhookBodyWriter,
  ) {}

  list(): Promise<WebhookEndpoint[]> {
    return this.db.em.find(WebhookEndpoint, {}, { orderBy: { createdAt: 'asc', id: 'asc' } });
  }

  async findMany(ids: readonly string[]): Promise<(WebhookEndpoint | null)[]> {
    const found = await this.db.em.find(WebhookEndpoint, { id: { $in: [...ids] } });
    return ids.map((id) => found.find((endpoint) => endpoint.id === id) ?? null);
  }

  async create(input: NewWebhook): Promise<CreatedWebhook> {
    const events = parseEventSelectors(input.events);
    const targetUrl = await this.checkTarget(input.targetUrl);
    const given = input.secret ?? null;
    if (given !== null) this.checkSecret(given);
    const description = input.description ?? null;
    if (description !== null && description.length > 500) {
      invalid('description', 'may not be longer than 500 characters');
    }
    const secret = given ?? generateWebhookSecret();
    const seal = await this.secrets.sealer(this.db.tenant);
    // Two round trips: the tenant's endpoints counted under a lock that queues its other
    // creations (else two at once could both see room for one more), then the insert.
    const { restaurantId, environment } = this.db.tenant;
    const endpointsLock = advisoryLockQuery(`webhooks:endpoints:${restaurantId}/${environment}`);
    const count = {
      sql: `select count(*)::int as n from webhooks.webhook_endpoints where ${OWN_ROWS}`,
    };
    return this.db.lockThenWrite([endpointsLock, count], ([, counted]) => {
      if ((counted![0]!.n as number) >= MAX_ENDPOINTS) {
        throw new DomainError('CONFLICT', `A restaurant may have ${MAX_ENDPOINTS} webhooks`);
      }
      const webhook = new WebhookEndpoint(
        this.db.tenant,
        { targetUrl, events, description },
        (id) => seal(secret, id),
      );
      return {
        statements: [insertStatement(this.db.mapping, webhook)],
        answer: { webhook, secret: given === null ? secret : null },
      };
    });
  }

  async delete(id: string): Promise<WebhookEndpoint> {
    return this.db.transaction(async (em) => {
      const webhook = await this.lock(em, id);
      await em.nativeDelete(WebhookEndpoint, { id: webhook.id });
      return webhook;
    });
  }

  async rotateSecret(
    id: string,
    secret?: string | null,
    overlapSeconds?: number | null,
  ): Promise<CreatedWebhook> {
    if (secret != null) this.checkSecret(secret);
    const overlap = overlapSeconds ?? DEFAULT_OVERLAP_SECONDS;
    if (!Number.isInteger(overlap) || overlap < 0 || overlap > MAX_OVERLAP_SECONDS) {
      invalid(
        'overlapSeconds',
        `must be a whole number of seconds from 0 to ${MAX_OVERLAP_SECONDS}`,
      );
    }
    const next = secret ?? generateWebhookSecret();
    const seal = await this.secrets.sealer(this.db.tenant);
    return this.db.transaction(async (em) => {
      const webhook = await this.lock(em, id);
      webhook.rotate(seal(next, webhook.id), overlap * 1000);
      await em.flush();
      return { webhook, secret: secret == null ? next : null };
    });
  }

  /** Turns a disabled endpoint back on; what was left pending is due now. */
  async enable(id: string): Promise<WebhookEndpoint> {
    return this.db.transaction(async (em) => {
      const webhook = await this.lock(em, id);
      if (webhook.status === 'disabled') {
        webhook.enable();
        await em.nativeUpdate(
          WebhookDelivery,
          { endpoint: webhook.id, status: 'pending' },
          { nextAttemptAt: new Date() },
        );
        await em.flush();
        await announceDeliveries(em);
      }
      return webhook;
    });
  }

  /** The simulator: queues a sample event of `type` for the endpoint, signed like any other. */
  async sendTest(id: string, type: string): Promise<WebhookDelivery> {
    if (!isEventType(type)) invalid('event', `must be one of ${EVENT_TYPES.join(', ')}`);
    const event = sampleEvent(type);
    return this.db.transaction(async (em) => {
      const webhook = await this.lock(em, id);
      if (webhook.status === 'disabled') {
        throw new DomainError(
          'WEBHOOK_DISABLED',
          `Webhook '${id}' is disabled (${webhook.disabledReason}): enable it first`,
        );
      }
      const delivery = new WebhookDelivery(webhook, {
        eventId: event.id,
        eventType: event.type,
        body: this.writeBody(event),
        test: true,
      });
      await em.persistAndFlush(delivery);
      await announceDeliveries(em);
      return delivery;
    });
  }

  /** Sends an event to the endpoint again, under the same `webhook-id`, as soon as it may. */
  async redeliver(id: string, eventId: string): Promise<WebhookDelivery> {
    return this.db.transaction(async (em) => {
      const webhook = await this.lock(em, id);
      const delivery = hasPrefix(eventId, 'event')
        ? await em.findOne(WebhookDelivery, { endpoint: webhook.id, eventId })
        : null;
      if (!delivery) {
        throw new NotFoundError('WEBHOOK_DELIVERY_NOT_FOUND', 'Delivery of event', eventId);
      }
      delivery.requeue();
      await em.flush();
      await announceDeliveries(em);
      return delivery;
    });
  }

  deliveriesOf(webhook: WebhookEndpoint, first: number): Promise<WebhookDelivery[]> {
    if (!Number.isInteger(first) || first < 1 || first > 100) {
      invalid('first', 'must be from 1 to 100');
    }
    return this.db.em.find(
      WebhookDelivery,
      { endpoint: webhook.id },
      { orderBy: { createdAt: 'desc', id: 'desc' }, limit: first },
    );
  }

  async attemptsOf(deliveryIds: readonly string[]): Promise<WebhookAttempt[][]> {
    const attempts = await this.db.em.find(
      WebhookAttempt,
      { delivery: { $in: [...deliveryIds] } },
      { orderBy: { number: 'asc' } },
    );
    return deliveryIds.map((id) => attempts.filter((attempt) => attempt.delivery.id === id));
  }

  private async lock(em: EntityManager, id: string): Promise<WebhookEndpoint> {
    const webhook = hasPrefix(id, 'webhook')
      ? await em.findOne(WebhookEndpoint, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE })
      : null;
    if (!webhook) throw new NotFoundError('WEBHOOK_NOT_FOUND', 'Webhook', id);
    return webhook;
  }

  private async checkTarget(targetUrl: string): Promise<string> {
    const problem = targetUrlProblem(targetUrl);
    if (problem) invalid('targetUrl', problem);
    const refused = await forbiddenTargetReason(targetUrl, this.db.tenant.environment);
    if (refused) {
      throw new ValidationFailed('WEBHOOK_TARGET_REFUSED', `targetUrl is refused: ${refused}`, [
        { field: 'targetUrl', message: refused },
      ]);
    }
    return targetUrl;
  }

  private checkSecret(secret: string): void {
    const parsed = WebhookSecret.safeParse(secret);
    if (!parsed.success) invalid('secret', parsed.error.issues[0]!.message);
  }
}
