import DataLoader from 'dataloader';
import type { MikroORM } from '@mikro-orm/postgresql';
import { tenantRequestContext } from '../../../platform/src/graphql/request-context';
import type { SubgraphDefinition } from '../../../platform/src/graphql/subgraph-server';
import type { Logger } from '../../../platform/src/logger';
import type { WebhooksContext } from './context';
import { WebhookAttemptSchema } from './entities/webhook-attempt.entity';
import { WebhookDeliverySchema } from './entities/webhook-delivery.entity';
import { WebhookEndpointSchema } from './entities/webhook-endpoint.entity';
import type { WebhookBodyWriter } from './event-message';
import { webhooksMigrations } from './migrations';
import { webhooksPermissions } from './permissions';
import { webhookQueueMetrics } from './queue-metrics';
import { resolvers } from './resolvers';
import { WebhookSecrets, WEBHOOKS_SCHEMA } from './webhook-secrets';
import { WebhooksService } from './webhooks.service';

export { WEBHOOKS_SCHEMA, WebhookSecrets, webhooksMigrations };
export const webhooksEntities = [
  WebhookEndpointSchema,
  WebhookDeliverySchema,
  WebhookAttemptSchema,
];
export const webhooksTenantEntities = ['WebhookEndpoint', 'WebhookDelivery', 'WebhookAttempt'];
export { WebhookFanOut } from './event-fanout';
export { WebhookDeliveryWorker } from './delivery-worker';
export type { EventMessage, WebhookBodyWriter } from './event-message';

export function webhooksSubgraph(deps: {
  orm: MikroORM;
  internalSecret: string;
  logger: Logger;
  secrets: WebhookSecrets;
  writeBody: WebhookBodyWriter;
}): SubgraphDefinition<WebhooksContext> {
  const { secrets, writeBody, ...definition } = deps;
  return {
    name: 'webhooks',
    resolvers,
    permissions: webhooksPermissions,
    ...definition,
    metrics: webhookQueueMetrics(deps.orm),
    context: (caller, requestId) =>
      tenantRequestContext(deps.orm, caller, requestId, (db) => {
        const webhooks = new WebhooksService(db, secrets, writeBody);
        return {
          webhooks,
          webhookById: new DataLoader((ids: readonly string[]) => webhooks.findMany(ids)),
          attemptsByDelivery: new DataLoader((ids: readonly string[]) => webhooks.attemptsOf(ids)),
        };
      }),
  };
}
