import { LOG_OPERATIONS } from '../logs.routes';
import { AUTH_OPERATIONS } from '../auth.routes';
import { CALENDAR_OPERATIONS } from '../calendar.routes';
import { CHANNEL_OPERATIONS } from '../channels.routes';
import { FLOOR_OPERATIONS } from '../floor.routes';
import { INVENTORY_OPERATIONS } from '../inventory.routes';
import { ORDER_OPERATIONS } from '../orders.routes';
import { PAYMENT_OPERATIONS } from '../payments.routes';
import { RESERVATION_OPERATIONS } from '../reservations.routes';
import { WEBHOOK_OPERATIONS } from '../webhooks.routes';
import { OPENAPI_OPERATIONS } from './openapi.routes';
import { buildOpenApiDocument, type OpenApiDocument } from './openapi-document';
import type { RestOperation } from './rest-operation';

/** Every operation of the REST layer, in the order the document lists its tags. */
export const REST_OPERATIONS: readonly RestOperation[] = [
  ...AUTH_OPERATIONS,
  ...ORDER_OPERATIONS,
  ...PAYMENT_OPERATIONS,
  ...RESERVATION_OPERATIONS,
  ...FLOOR_OPERATIONS,
  ...CALENDAR_OPERATIONS,
  ...CHANNEL_OPERATIONS,
  ...INVENTORY_OPERATIONS,
  ...WEBHOOK_OPERATIONS,
  ...LOG_OPERATIONS,
  ...OPENAPI_OPERATIONS,
];

let document: OpenApiDocument | undefined;

/** The REST layer's OpenAPI document (built once: it only changes with the code). */
export function openApiDocument(): OpenApiDocument {
  document ??= buildOpenApiDocument(REST_OPERATIONS);
  return document;
}
