import { z } from 'zod';
import { instant, lowerCase as lower } from './openapi/json-schemas';
import { responseSchema } from './openapi/rest-operation';

/** The webhook fields every REST answer selects, in the gateway's GraphQL. */
export const WEBHOOK_FIELDS = /* GraphQL */ `
  fragment RestWebhook on Webhook {
    id
    targetUrl
    events
    description
    status
    disabledReason
    disabledAt
    failingSince
    previousSecretExpiresAt
    createdAt
    updatedAt
  }
`;

export const WEBHOOK_DELIVERY_FIELDS = /* GraphQL */ `
  fragment RestWebhookDelivery on WebhookDelivery {
    id
    eventId
    eventType
    test
    status
    attemptCount
    nextAttemptAt
    deliveredAt
    createdAt
    attempts {
      number
      at
      latencyMs
      statusCode
      error
      succeeded
    }
  }
`;

export interface GraphQLWebhook {
  id: string;
  targetUrl: string;
  events: string[];
  description: string | null;
  status: string;
  disabledReason: string | null;
  disabledAt: string | null;
  failingSince: string | null;
  previousSecretExpiresAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface GraphQLWebhookDelivery {
  id: string;
  eventId: string;
  eventType: string;
  test: boolean;
  status: string;
  attemptCount: number;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  createdAt: string;
  attempts: {
    number: number;
    at: string;
    latencyMs: number;
    statusCode: number | null;
    error: string | null;
    succeeded: boolean;
  }[];
}

const WEBHOOK_SHAPE = {
  webhook_id: z.string(),
  events: z.array(z.string()),
  target_url: z.string(),
  description: z.string().nullable(),
  status: z.enum(['enabled', 'disabled']),
  disabled_reason: z.string().nullable(),
  disabled_at: instant.nullable(),
  failing_since: instant.nullable(),
  previous_secret_expires_at: instant.nullable(),
  created_at: instant,
  updated_at: instant,
};

const WEBHOOK_EXAMPLE = {
  webhook_id: 'whk_2bN7xV4cQe',
  events: ['order.created'],
  target_url: 'https://votreserveur.com/webhooks/sotto/orders',
  description: null,
  status: 'enabled',
  disabled_reason: null,
  disabled_at: null,
  failing_since: null,
  previous_secret_expires_at: null,
  created_at: '2023-09-15T14:00:00Z',
  updated_at: '2023-09-15T14:00:00Z',
};

export const WebhookJson = responseSchema('Webhook', z.object(WEBHOOK_SHAPE), {
  description: 'A webhook endpoint; its secret is never shown again',
  examples: [WEBHOOK_EXAMPLE],
});

export const WebhookWithSecretJson = responseSchema(
  'WebhookWithSecret',
  z.object({
    ...WEBHOOK_SHAPE,
    secret: z
      .string()
      .optional()
      .meta({ description: 'Shown once, when generated (`whsec_…`, Standard Webhooks)' }),
  }),
  {
    description: 'A webhook endpoint, with the secret that was just generated',
    examples: [{ ...WEBHOOK_EXAMPLE, secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }],
  },
);

export const WebhookDeliveryJson = responseSchema(
  'WebhookDelivery',
  z.object({
    delivery_id: z.string(),
    event_id: z.string(),
    event_type: z.string(),
    test: z.boolean(),
    status: z.enum(['pending', 'succeeded', 'failed']),
    attempt_count: z.number().int(),
    next_attempt_at: instant.nullable(),
    delivered_at: instant.nullable(),
    created_at: instant,
    attempts: z.array(
      z.object({
        number: z.number().int(),
        at: instant,
        latency_ms: z.number().int(),
        status_code: z.number().int().nullable(),
        error: z.string().nullable(),
        succeeded: z.boolean(),
      }),
    ),
  }),
  { description: 'A delivery of one event to one endpoint, and its attempts' },
);

/** An endpoint as REST shows it; its secret never appears. */
export function webhookJson(webhook: GraphQLWebhook): z.infer<typeof WebhookJson> {
  return {
    webhook_id: webhook.id,
    events: webhook.events,
    target_url: webhook.targetUrl,
    description: webhook.description,
    status: lower(webhook.status),
    disabled_reason: webhook.disabledReason,
    disabled_at: webhook.disabledAt,
    failing_since: webhook.failingSince,
    previous_secret_expires_at: webhook.previousSecretExpiresAt,
    created_at: webhook.createdAt,
    updated_at: webhook.updatedAt,
  };
}

/** A delivery and its attempts, for the delivery log. */
export function webhookDeliveryJson(
  delivery: GraphQLWebhookDelivery,
): z.infer<typeof WebhookDeliveryJson> {
  return {
    delivery_id: delivery.id,
    event_id: delivery.eventId,
    event_type: delivery.eventType,
    test: delivery.test,
    status: lower(delivery.status),
    attempt_count: delivery.attemptCount,
    next_attempt_at: delivery.nextAttemptAt,
    delivered_at: delivery.deliveredAt,
    created_at: delivery.createdAt,
    attempts: delivery.attempts.map((attempt) => ({
      number: attempt.number,
      at: attempt.at,
      latency_ms: attempt.latencyMs,
      status_code: attempt.statusCode,
      error: attempt.error,
      succeeded: attempt.succeeded,
    })),
  };
}
