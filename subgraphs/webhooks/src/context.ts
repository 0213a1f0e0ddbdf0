import type DataLoader from 'dataloader';
import type { TenantRequestContext } from '../../../platform/src/graphql/request-context';
import type { WebhookAttempt } from './entities/webhook-attempt.entity';
import type { WebhookEndpoint } from './entities/webhook-endpoint.entity';
import type { WebhooksService } from './webhooks.service';

export interface WebhooksServices {
  webhooks: WebhooksService;
  webhookById: DataLoader<string, WebhookEndpoint | null>;
  /** Batches the attempt logs of the deliveries in one answer. */
  attemptsByDelivery: DataLoader<string, WebhookAttempt[]>;
}

export type WebhooksContext = TenantRequestContext<WebhooksServices>;
