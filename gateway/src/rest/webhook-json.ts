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

/** An endpoint as REST shows it; its secret never appears. */
export function webhookJson(webhook: GraphQLWebhook) {
  return {
    webhook_id: webhook.id,
    events: webhook.events,
    target_url: webhook.targetUrl,
    description: webhook.description,
    status: webhook.status.toLowerCase(),
    disabled_reason: webhook.disabledReason,
    disabled_at: webhook.disabledAt,
    failing_since: webhook.failingSince,
    previous_secret_expires_at: webhook.previousSecretExpiresAt,
    created_at: webhook.createdAt,
    updated_at: webhook.updatedAt,
  };
}

/** A delivery and its attempts, for the delivery log. */
export function webhookDeliveryJson(delivery: GraphQLWebhookDelivery) {
  return {
    delivery_id: delivery.id,
    event_id: delivery.eventId,
    event_type: delivery.eventType,
    test: delivery.test,
    status: delivery.status.toLowerCase(),
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
