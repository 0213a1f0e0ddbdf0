import type { Tenant } from '../tenancy/tenant';
import type { StoredEvent } from './event-log';

const tenantKey = (event: StoredEvent) => `${event.restaurantId}\u0000${event.environment}`;

/**
 * What an event-log consumer reads once per batch and tenant instead of once per event (the
 * pre-checks that spare most events a transaction): `read` gets the batch's events of one
 * tenant and answers what they need; each of them then finds that answer. A tenant's answer is
 * read when its first event of the batch is handled, and lives as long as the batch. Answers are
 * a snapshot of that moment: what a handler decides from it must either not depend on what
 * the batch's earlier events changed, or be checked again in the handler's own transaction.
 */
export class BatchLookahead<Answer> {
  private readonly batches = new WeakMap<readonly StoredEvent[], Map<string, Promise<Answer>>>();

  constructor(private readonly read: (tenant: Tenant, events: StoredEvent[]) => Promise<Answer>) {}

  of(event: StoredEvent, batch: readonly StoredEvent[]): Promise<Answer> {
    let tenants = this.batches.get(batch);
    if (!tenants) this.batches.set(batch, (tenants = new Map()));
    const key = tenantKey(event);
    let answer = tenants.get(key);
    if (!answer) {
      const events = batch.filter((other) => tenantKey(other) === key);
      answer = this.read(
        { restaurantId: event.restaurantId, environment: event.environment },
        events,
      );
      tenants.set(key, answer);
    }
    return answer;
  }
}
