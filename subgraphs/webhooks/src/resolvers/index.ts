import { DateTimeScalar } from '../../../../platform/src/graphql/scalars';
import type {
  Resolvers,
  WebhookDeliveryStatus,
  WebhookStatus,
} from '../__generated__/resolvers-types';

// GraphQL enums are UPPER_CASE; the domain, the database and REST use lower_case.

export const resolvers: Resolvers = {
  DateTime: DateTimeScalar,
  Query: {
    webhook: (_root, { id }, { services }) => services.webhookById.load(id),
    webhooks: (_root, _args, { services }) => services.webhooks.list(),
  },
  Mutation: {
    createWebhook: (_root, { input }, { services }) => services.webhooks.create(input),
    deleteWebhook: (_root, { id }, { services }) => services.webhooks.delete(id),
    rotateWebhookSecret: (_root, { id, secret, overlapSeconds }, { services }) =>
      services.webhooks.rotateSecret(id, secret, overlapSeconds),
    enableWebhook: (_root, { id }, { services }) => services.webhooks.enable(id),
    sendTestWebhook: (_root, { id, event }, { services }) => services.webhooks.sendTest(id, event),
    redeliverWebhook: (_root, { id, eventId }, { services }) =>
      services.webhooks.redeliver(id, eventId),
  },
  Webhook: {
    status: (webhook) => webhook.status.toUpperCase() as WebhookStatus,
    deliveries: (webhook, { first }, { services }) =>
      services.webhooks.deliveriesOf(webhook, first ?? 50),
  },
  WebhookDelivery: {
    status: (delivery) => delivery.status.toUpperCase() as WebhookDeliveryStatus,
    attempts: (delivery, _args, { services }) => services.attemptsByDelivery.load(delivery.id),
  },
  WebhookAttempt: {
    at: (attempt) => attempt.startedAt,
  },
};
