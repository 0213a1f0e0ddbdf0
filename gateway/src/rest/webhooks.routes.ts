import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { EVENT_TYPES } from '../../../platform/src/events/event-log';
import { setValidators } from '../http/http-caching';
import type { RestRouteDeps } from './rest-api';
import { parseInput } from './validation';
import { list } from './openapi/json-schemas';
import {
  IdParams,
  requestSchema,
  responseSchema,
  type RestOperation,
} from './openapi/rest-operation';
import {
  WEBHOOK_DELIVERY_FIELDS,
  WEBHOOK_FIELDS,
  webhookDeliveryJson,
  WebhookDeliveryJson,
  webhookJson,
  WebhookJson,
  WebhookWithSecretJson,
  type GraphQLWebhook,
  type GraphQLWebhookDelivery,
} from './webhook-json';

const EventName = z.enum([...EVENT_TYPES, '*']);

const HttpUrl = z
  .string()
  .max(2048)
  .refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), {
    message: 'must be an absolute http(s) URL',
  });

const CreateBody = requestSchema(
  'WebhookRequest',
  z
    .object({
      event: z
        .union([
          EventName,
          z
            .array(EventName)
            .min(1)
            .max(EVENT_TYPES.length + 1),
        ])
        .meta({ description: 'One event, several, or `*` for all' }),
      target_url: HttpUrl,
      secret: z
        .string()
        .max(256)
        .nullish()
        .meta({ description: 'Generated (and shown once) when left out' }),
      description: z.string().max(500).nullish(),
    })
    .strict(),
);

const RotateBody = requestSchema(
  'WebhookSecretRotationRequest',
  z
    .object({
      secret: z.string().max(256).nullish(),
      overlap_seconds: z
        .number()
        .int()
        .min(0)
        .max(604_800)
        .nullish()
        .meta({ description: 'How long the previous secret keeps signing too' }),
    })
    .strict(),
);

const TestBody = requestSchema(
  'WebhookTestRequest',
  z.object({ event: z.enum(EVENT_TYPES).default('order.created') }).strict(),
);

const DeliveriesQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(100).default(50) })
  .strict();

const WebhookListJson = responseSchema('WebhookList', list(WebhookJson));
const DeliveryListJson = responseSchema('WebhookDeliveryList', list(WebhookDeliveryJson));
const DeletedJson = responseSchema(
  'DeletedWebhook',
  z.object({ webhook_id: z.string(), deleted: z.literal(true) }),
);

const WEBHOOK_ID = { id: 'whk_2bN7xV4cQe' };
const queued = (description: string) => ({
  202: { description, schema: WebhookDeliveryJson },
});

export const WEBHOOK_OPERATIONS: RestOperation[] = [
  {
    method: 'post',
    path: '/webhooks',
    operationId: 'createWebhook',
    summary: 'Register a webhook endpoint',
    description:
      'Deliveries follow Standard Webhooks: `webhook-id`, `webhook-timestamp` and `webhook-signature` (`v1,` + base64 HMAC-SHA256 of `id.timestamp.body`), retried with backoff for about three days.',
    tag: 'Webhooks',
    body: CreateBody,
    responses: {
      201: { description: 'The endpoint, with its secret', schema: WebhookWithSecretJson },
    },
    example: {
      body: {
        event: 'order.created',
        target_url: 'https://votreserveur.com/webhooks/sotto/orders',
        secret: 'votre_clé_secrète',
      },
    },
  },
  {
    method: 'get',
    path: '/webhooks',
    operationId: 'listWebhooks',
    summary: 'List webhook endpoints',
    tag: 'Webhooks',
    responses: { 200: { description: 'The endpoints', schema: WebhookListJson } },
  },
  {
    method: 'get',
    path: '/webhooks/{id}',
    operationId: 'getWebhook',
    summary: 'Get a webhook endpoint',
    tag: 'Webhooks',
    params: IdParams,
    responses: { 200: { description: 'The endpoint', schema: WebhookJson, headers: ['ETag'] } },
    example: { params: WEBHOOK_ID },
  },
  {
    method: 'delete',
    path: '/webhooks/{id}',
    operationId: 'deleteWebhook',
    summary: 'Delete a webhook endpoint',
    tag: 'Webhooks',
    params: IdParams,
    responses: { 200: { description: 'Deleted', schema: DeletedJson } },
    example: { params: WEBHOOK_ID },
  },
  {
    method: 'post',
    path: '/webhooks/{id}/rotate-secret',
    operationId: 'rotateWebhookSecret',
    summary: "Rotate an endpoint's secret",
    tag: 'Webhooks',
    params: IdParams,
    body: RotateBody,
    bodyRequired: false,
    responses: {
      200: { description: 'The endpoint, with its new secret', schema: WebhookWithSecretJson },
    },
    example: { params: WEBHOOK_ID, body: { overlap_seconds: 3600 } },
  },
  {
    method: 'post',
    path: '/webhooks/{id}/enable',
    operationId: 'enableWebhook',
    summary: 'Re-enable an endpoint the platform disabled',
    tag: 'Webhooks',
    params: IdParams,
    responses: { 200: { description: 'The endpoint, enabled', schema: WebhookJson } },
    example: { params: WEBHOOK_ID },
  },
  {
    method: 'post',
    path: '/webhooks/{id}/test',
    operationId: 'sendTestWebhook',
    summary: 'Send a test event (the simulator)',
    description: 'A sample event of the type, marked as a test, signed and delivered like any.',
    tag: 'Webhooks',
    params: IdParams,
    body: TestBody,
    bodyRequired: false,
    responses: queued('The queued delivery'),
    example: { params: WEBHOOK_ID, body: { event: 'order.created' } },
  },
  {
    method: 'get',
    path: '/webhooks/{id}/deliveries',
    operationId: 'listWebhookDeliveries',
    summary: "List an endpoint's recent deliveries",
    tag: 'Webhooks',
    params: IdParams,
    query: DeliveriesQuery,
    responses: { 200: { description: 'The deliveries, newest first', schema: DeliveryListJson } },
    example: { params: WEBHOOK_ID },
  },
  {
    method: 'post',
    path: '/webhooks/{id}/deliveries/{eventId}/redeliver',
    operationId: 'redeliverWebhook',
    summary: 'Deliver an event again',
    tag: 'Webhooks',
    params: z.object({ id: z.string().min(1), eventId: z.string().min(1) }),
    responses: queued('The queued delivery'),
    example: { params: { ...WEBHOOK_ID, eventId: 'evt_9Hc2LmP4tR' } },
  },
];

const CREATE = `mutation RestCreateWebhook($input: CreateWebhookInput!) {
  created: createWebhook(input: $input) { secret webhook { ...RestWebhook } } } ${WEBHOOK_FIELDS}`;
const LIST = `query RestListWebhooks { webhooks { ...RestWebhook } } ${WEBHOOK_FIELDS}`;
const GET = `query RestGetWebhook($id: ID!) { webhook(id: $id) { ...RestWebhook } } ${WEBHOOK_FIELDS}`;
const DELETE = `mutation RestDeleteWebhook($id: ID!) { deleteWebhook(id: $id) { id } }`;
const ROTATE = `mutation RestRotateWebhookSecret($id: ID!, $secret: String, $overlap: Int) {
  created: rotateWebhookSecret(id: $id, secret: $secret, overlapSeconds: $overlap) {
    secret webhook { ...RestWebhook } } } ${WEBHOOK_FIELDS}`;
const ENABLE = `mutation RestEnableWebhook($id: ID!) {
  webhook: enableWebhook(id: $id) { ...RestWebhook } } ${WEBHOOK_FIELDS}`;
const TEST = `mutation RestSendTestWebhook($id: ID!, $event: String!) {
  delivery: sendTestWebhook(id: $id, event: $event) { ...RestWebhookDelivery } }
  ${WEBHOOK_DELIVERY_FIELDS}`;
const REDELIVER = `mutation RestRedeliverWebhook($id: ID!, $eventId: ID!) {
  delivery: redeliverWebhook(id: $id, eventId: $eventId) { ...RestWebhookDelivery } }
  ${WEBHOOK_DELIVERY_FIELDS}`;
const DELIVERIES = `query RestWebhookDeliveries($id: ID!, $first: Int) {
  webhook(id: $id) { id deliveries(first: $first) { ...RestWebhookDelivery } } }
  ${WEBHOOK_DELIVERY_FIELDS}`;

type Params = { id: string };
type Created = { created: { secret: string | null; webhook: GraphQLWebhook } };

/** The secret appears once: in the answer that generated it. */
const withSecret = ({ created }: Created): z.infer<typeof WebhookWithSecretJson> => ({
  ...webhookJson(created.webhook),
  ...(created.secret ? { secret: created.secret } : {}),
});

/**
 * Webhook endpoints (`POST/GET /webhooks`, `GET/DELETE /webhooks/{id}`), the simulator
 * (`POST /webhooks/{id}/test`), secret rotation, re-enabling, the delivery log and redelivery.
 */
export function webhooksRoutes(
  app: FastifyInstance,
  { execute, contextOf, notFound }: RestRouteDeps,
) {
  app.post('/webhooks', async (request, reply) => {
    const body = parseInput(CreateBody, request.body);
    const answer = await execute<Created>(contextOf(request), CREATE, {
      input: {
        events: Array.isArray(body.event) ? body.event : [body.event],
        targetUrl: body.target_url,
        secret: body.secret ?? null,
        description: body.description ?? null,
      },
    });
    return reply.code(201).send(withSecret(answer));
  });

  app.get('/webhooks', async (request) => {
    const { webhooks } = await execute<{ webhooks: GraphQLWebhook[] }>(contextOf(request), LIST);
    const answer: z.infer<typeof WebhookListJson> = { data: webhooks.map(webhookJson) };
    return answer;
  });

  // No version number: the strong ETag is a hash of the endpoint's JSON.
  const single = { config: { etag: 'strong' as const } };
  app.get<{ Params: Params }>('/webhooks/:id', single, async (request, reply) => {
    const { webhook } = await execute<{ webhook: GraphQLWebhook | null }>(contextOf(request), GET, {
      id: request.params.id,
    });
    if (!webhook) throw notFound('WEBHOOK_NOT_FOUND', 'Webhook', request.params.id);
    return setValidators(reply, webhook).send(webhookJson(webhook));
  });

  app.delete<{ Params: Params }>('/webhooks/:id', async (request) => {
    const { deleteWebhook } = await execute<{ deleteWebhook: { id: string } }>(
      contextOf(request),
      DELETE,
      { id: request.params.id },
    );
    const answer: z.infer<typeof DeletedJson> = { webhook_id: deleteWebhook.id, deleted: true };
    return answer;
  });

  app.post<{ Params: Params }>('/webhooks/:id/rotate-secret', async (request) => {
    const body = parseInput(RotateBody, request.body ?? {});
    const answer = await execute<Created>(contextOf(request), ROTATE, {
      id: request.params.id,
      secret: body.secret ?? null,
      overlap: body.overlap_seconds ?? null,
    });
    return withSecret(answer);
  });

  app.post<{ Params: Params }>('/webhooks/:id/enable', async (request) => {
    const { webhook } = await execute<{ webhook: GraphQLWebhook }>(contextOf(request), ENABLE, {
      id: request.params.id,
    });
    return webhookJson(webhook);
  });

  app.post<{ Params: Params }>('/webhooks/:id/test', async (request, reply) => {
    const body = parseInput(TestBody, request.body ?? {});
    const { delivery } = await execute<{ delivery: GraphQLWebhookDelivery }>(
      contextOf(request),
      TEST,
      { id: request.params.id, event: body.event },
    );
    return reply.code(202).send(webhookDeliveryJson(delivery));
  });

  app.get<{ Params: Params }>('/webhooks/:id/deliveries', async (request) => {
    const query = parseInput(DeliveriesQuery, request.query);
    const { webhook } = await execute<{
      webhook: { id: string; deliveries: GraphQLWebhookDelivery[] } | null;
    }>(contextOf(request), DELIVERIES, { id: request.params.id, first: query.limit });
    if (!webhook) throw notFound('WEBHOOK_NOT_FOUND', 'Webhook', request.params.id);
    return { data: webhook.deliveries.map(webhookDeliveryJson) };
  });

  app.post<{ Params: Params & { eventId: string } }>(
    '/webhooks/:id/deliveries/:eventId/redeliver',
    async (request, reply) => {
      const { delivery } = await execute<{ delivery: GraphQLWebhookDelivery }>(
        contextOf(request),
        REDELIVER,
        { id: request.params.id, eventId: request.params.eventId },
      );
      return reply.code(202).send(webhookDeliveryJson(delivery));
    },
  );
}
