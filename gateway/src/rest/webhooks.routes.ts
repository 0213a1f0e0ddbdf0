import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { EVENT_TYPES } from '../../../platform/src/events/event-log';
import { setValidators } from '../http/http-caching';
import type { RestRouteDeps } from './rest-api';
import { parseInput } from './validation';
import {
  WEBHOOK_DELIVERY_FIELDS,
  WEBHOOK_FIELDS,
  webhookDeliveryJson,
  webhookJson,
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

const CreateBody = z
  .object({
    event: z.union([
      EventName,
      z
        .array(EventName)
        .min(1)
        .max(EVENT_TYPES.length + 1),
    ]),
    target_url: HttpUrl,
    secret: z.string().max(256).nullish(),
    description: z.string().max(500).nullish(),
  })
  .strict();

const RotateBody = z
  .object({
    secret: z.string().max(256).nullish(),
    overlap_seconds: z.number().int().min(0).max(604_800).nullish(),
  })
  .strict();

const TestBody = z.object({ event: z.enum(EVENT_TYPES).default('order.created') }).strict();

const DeliveriesQuery = z
  .object({ limit: z.coerce.number().int().min(1).max(100).default(50) })
  .strict();

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
const withSecret = ({ created }: Created) => ({
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
    return { data: webhooks.map(webhookJson) };
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
    return { webhook_id: deleteWebhook.id, deleted: true };
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
