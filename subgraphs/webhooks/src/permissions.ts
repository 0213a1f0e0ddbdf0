import { requires, type SubgraphPermissions } from '../../../platform/src/graphql/shield';

/**
 * Who may call what in schema/webhooks.graphql: everything takes `webhooks:manage`, which the
 * admin role holds and an integrator key may be given. Endpoints carry where a restaurant's
 * data goes, so no other role sees them.
 */
export const webhooksPermissions: SubgraphPermissions = {
  Query: {
    webhook: requires('webhooks:manage'),
    webhooks: requires('webhooks:manage'),
  },
  Mutation: {
    createWebhook: requires('webhooks:manage'),
    deleteWebhook: requires('webhooks:manage'),
    rotateWebhookSecret: requires('webhooks:manage'),
    enableWebhook: requires('webhooks:manage'),
    sendTestWebhook: requires('webhooks:manage'),
    redeliverWebhook: requires('webhooks:manage'),
  },
  entities: {},
};
