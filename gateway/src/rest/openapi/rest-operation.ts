import { z } from 'zod';

/**
 * How a REST route is described in the OpenAPI document. Each routes file declares its
 * operations next to its handlers, with the very zod schemas its handlers parse requests with
 * and the schemas its JSON mappers are typed against: the document is generated from them.
 */

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** The document's named schemas: request bodies (read as input) and answers (as output). */
export const requestSchemas = z.registry<{ id: string }>();
export const responseSchemas = z.registry<{ id: string }>();

type SchemaMeta = { description?: string; examples?: unknown[] };

/** A request body schema, named `id` in the document's components. */
export function requestSchema<Schema extends z.ZodType>(
  id: string,
  schema: Schema,
  meta: SchemaMeta = {},
): Schema {
  const described = schema.meta(meta) as Schema;
  requestSchemas.add(described, { id });
  return described;
}

/** An answer's schema, named `id` in the document's components. */
export function responseSchema<Schema extends z.ZodType>(
  id: string,
  schema: Schema,
  meta: SchemaMeta = {},
): Schema {
  const described = schema.meta(meta) as Schema;
  responseSchemas.add(described, { id });
  return described;
}

export interface RestResponse {
  description: string;
  /** A registered response schema (JSON), or none for an empty answer. */
  schema?: z.ZodType;
  /** Another media type than JSON, such as `text/calendar` (with no schema). */
  contentType?: string;
  /** Response headers worth documenting: `ETag`, `Location`, `Link`, `Cache-Control`. */
  headers?: ResponseHeader[];
}

export type ResponseHeader = 'ETag' | 'Location' | 'Link' | 'Cache-Control' | 'Last-Modified';

export interface RestOperation {
  method: HttpMethod;
  /** The OpenAPI path template under `/api/v1`, such as `/orders/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: Tag;
  /** `public`: no access token (the token exchange, a calendar feed, a platform's notification). */
  access?: 'token' | 'public';
  /** Path parameters (every `{name}` in the path). */
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** A registered request schema; `bodyRequired: false` when the route takes no body too. */
  body?: z.ZodType;
  bodyRequired?: boolean;
  /** The route checks `If-Match` against the resource's version (412 when stale). */
  ifMatch?: boolean;
  responses: Record<number, RestResponse>;
  /** Error statuses the route's rules add to those its shape implies (see `errorStatuses`). */
  errors?: number[];
  /** Values for the code samples and the request example. */
  example?: {
    params?: Record<string, string>;
    query?: Record<string, string>;
    body?: unknown;
  };
}

export const TAGS = {
  Authentication: 'Exchange an API key for a short-lived access token (a JWT).',
  Orders: 'Orders and their items, from the spec: create, read, replace, change status.',
  Payments: 'Payments on an order (cash, card through a terminal, meal vouchers) and refunds.',
  Reservations: 'Reservations and table availability.',
  Floor: "The restaurant's tables, opening hours and reservation lengths (managers).",
  Calendar: 'Reservations as an iCalendar feed for Google Calendar and Microsoft 365.',
  Channels: 'Booking platforms (TheFork, Resy, OpenTable, Zenchef) and their notifications.',
  Inventory: 'Stock items, stock counts, movements and low-stock alerts.',
  Webhooks: 'Signed webhook endpoints (Standard Webhooks), the simulator and the delivery log.',
  Logs: "The calling key's recent calls (the developer console's request log).",
  Documentation: 'This document.',
} as const;

export type Tag = keyof typeof TAGS;

/** An `{id}` path parameter: the resource's prefixed id (`ord_…`) or the restaurant's own. */
export const IdParams = z.object({ id: z.string().min(1).max(200) });
