import { GraphQLError } from 'graphql';

/**
 * The platform's one error model. A domain error has a stable UPPER_SNAKE code, carried as
 * `extensions.code` in GraphQL; the REST layer turns it into an HTTP status with the table
 * below and shows it in snake_case in the error envelope.
 */
export const ERROR_HTTP_STATUS = {
  MALFORMED_JSON: 400,
  BAD_REQUEST: 400,
  /** An `Idempotency-Key` header that is not 1 to 255 visible ASCII characters. */
  INVALID_IDEMPOTENCY_KEY: 400,
  GRAPHQL_PARSE_FAILED: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  /** Over a GraphQL limit: depth, cost, aliases, directives or tokens. */
  QUERY_TOO_COMPLEX: 400,
  UNAUTHENTICATED: 401,
  INVALID_API_KEY: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  ORDER_NOT_FOUND: 404,
  ORDER_ITEM_NOT_FOUND: 404,
  MENU_ITEM_NOT_FOUND: 404,
  INVENTORY_ITEM_NOT_FOUND: 404,
  RESTAURANT_NOT_FOUND: 404,
  API_KEY_NOT_FOUND: 404,
  RESERVATION_NOT_FOUND: 404,
  TABLE_NOT_FOUND: 404,
  CALENDAR_FEED_NOT_FOUND: 404,
  /** An unknown or revoked booking channel connection (or its token). */
  CHANNEL_NOT_FOUND: 404,
  WEBHOOK_NOT_FOUND: 404,
  WEBHOOK_DELIVERY_NOT_FOUND: 404,
  PAYMENT_NOT_FOUND: 404,
  /** A path under `/api/vN` for a version that does not exist. */
  API_VERSION_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  ILLEGAL_TRANSITION: 409,
  ORDER_NOT_EDITABLE: 409,
  /** A movement that would take stock below zero. */
  INSUFFICIENT_STOCK: 409,
  TABLE_UNAVAILABLE: 409,
  /** A table change that upcoming reservations holding it would no longer fit. */
  TABLE_IN_USE: 409,
  RESERVATION_NOT_EDITABLE: 409,
  /** A test event for an endpoint the platform disabled: enable it first. */
  WEBHOOK_DISABLED: 409,
  /** A payment on a cancelled or closed order, or on an order with nothing left to pay. */
  ORDER_NOT_PAYABLE: 409,
  /** A refund of a payment that did not complete. */
  PAYMENT_NOT_REFUNDABLE: 409,
  /** A card payment where the restaurant has no usable terminal provider for its environment. */
  PROVIDER_NOT_CONFIGURED: 409,
  CONFLICT: 409,
  /** A request with the same `Idempotency-Key` is still being processed. */
  IDEMPOTENCY_CONFLICT: 409,
  REQUEST_TIMEOUT: 408,
  STALE_VERSION: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INVALID_FIELD: 422,
  /** An `Idempotency-Key` already used for another request (body, path or API key). */
  IDEMPOTENCY_KEY_REUSED: 422,
  BAD_USER_INPUT: 422,
  UNKNOWN_MENU_ITEM: 422,
  ITEM_UNAVAILABLE: 422,
  UNKNOWN_INVENTORY_ITEM: 422,
  INVALID_QUANTITY: 422,
  MODIFIER_NOT_ALLOWED: 422,
  UNKNOWN_TABLE: 422,
  OUTSIDE_OPENING_HOURS: 422,
  /** A webhook target URL that resolves to a private, loopback or link-local address. */
  WEBHOOK_TARGET_REFUSED: 422,
  /** A payment of more than the order still owes. */
  AMOUNT_EXCEEDS_DUE: 422,
  /** A refund of more than was captured and not yet refunded. */
  REFUND_EXCEEDS_CAPTURED: 422,
  MEAL_VOUCHER_CAP_EXCEEDED: 422,
  UNKNOWN_TERMINAL: 422,
  INVALID_CREDENTIALS: 422,
  RATE_LIMITED: 429,
  TOO_MANY_CONNECTIONS: 429,
  REQUEST_HEADER_FIELDS_TOO_LARGE: 431,
  INTERNAL_SERVER_ERROR: 500,
  /** A booking platform's API, which a notification must be read from, failed or timed out. */
  CHANNEL_UNAVAILABLE: 502,
  SERVICE_UNAVAILABLE: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_HTTP_STATUS;

export function httpStatusFor(code: string | undefined): number {
  return (code && (ERROR_HTTP_STATUS as Record<string, number>)[code]) || 500;
}

/**
 * The contract's one error envelope (DESIGN.md), for the gateway's answers and a service's own
 * HTTP routes alike: `code` is the platform's UPPER_SNAKE code, shown in snake_case.
 */
export function errorEnvelopeJson(
  code: string,
  message: string,
  requestId: string,
  details?: unknown,
): { error: { code: string; message: string; request_id: string; details: unknown } } {
  return {
    error: { code: code.toLowerCase(), message, request_id: requestId, details: details ?? null },
  };
}

export interface FieldProblem {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }

  toGraphQLError(): GraphQLError {
    return new GraphQLError(this.message, {
      extensions: {
        code: this.code,
        ...(this.details === undefined ? {} : { details: this.details }),
      },
    });
  }
}

export class NotFoundError extends DomainError {
  constructor(code: ErrorCode, what: string, id: string) {
    super(code, `${what} '${id}' was not found`, { id });
  }
}

export class ValidationFailed extends DomainError {
  constructor(code: ErrorCode, message: string, problems: FieldProblem[]) {
    super(code, message, problems);
  }
}

export class IllegalTransitionError extends DomainError {
  constructor(what: string, from: string, to: string, allowed: readonly string[]) {
    super('ILLEGAL_TRANSITION', `${what} cannot go from '${from}' to '${to}'`, {
      from,
      to,
      allowed,
    });
  }
}

export class StaleVersionError extends DomainError {
  constructor(expected: number, actual: number) {
    super('STALE_VERSION', `the resource is at version ${actual}, not ${expected}`, {
      expected_version: expected,
      current_version: actual,
    });
  }
}

/** Refuses a change asked of another version than the stored one (`If-Match`, `expectedVersion`). */
export function assertExpectedVersion(expected: number | null | undefined, actual: number): void {
  if (expected != null && expected !== actual) throw new StaleVersionError(expected, actual);
}
