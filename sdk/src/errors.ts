/** The platform's error envelope: `{"error": {"code", "message", "request_id", "details"}}`. */
export interface ErrorEnvelope {
  code: string;
  message: string;
  request_id: string | null;
  details: unknown;
}

/**
 * An error answered by the platform (or a failure to reach it), with the envelope's fields.
 * `code` is the envelope's snake_case code (`rate_limited`, `order_not_found`…); GraphQL errors
 * carry the same codes, lower-cased. `status` is the HTTP status (0 when none was received).
 */
export class SottoApiError extends Error {
  readonly code: string;
  readonly requestId: string | null;
  readonly details: unknown;
  readonly status: number;
  /** Seconds the platform asked to wait (`Retry-After`), when it did. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    envelope: ErrorEnvelope,
    status: number,
    options: { retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(envelope.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SottoApiError';
    this.code = envelope.code;
    this.requestId = envelope.request_id;
    this.details = envelope.details;
    this.status = status;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** The envelope as the platform sends it. */
  toJSON(): { error: ErrorEnvelope } {
    return {
      error: {
        code: this.code,
        message: this.message,
        request_id: this.requestId,
        details: this.details,
      },
    };
  }
}

/** Reads an envelope out of an answer's body; null when the body is not one. */
export function envelopeOf(body: unknown): ErrorEnvelope | null {
  const error = (body as { error?: Partial<ErrorEnvelope> } | null)?.error;
  if (!error || typeof error !== 'object' || typeof error.code !== 'string') return null;
  return {
    code: error.code,
    message: typeof error.message === 'string' ? error.message : error.code,
    request_id: typeof error.request_id === 'string' ? error.request_id : null,
    details: error.details ?? null,
  };
}

/** A GraphQL error as the gateway formats it (`extensions.code` in UPPER_SNAKE). */
export interface GraphQLErrorShape {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; details?: unknown; [key: string]: unknown };
}

/** The first GraphQL error of an answer as a `SottoApiError`, the others in `details.errors`. */
export function fromGraphQLErrors(
  errors: readonly GraphQLErrorShape[],
  status: number,
  requestId: string | null,
): SottoApiError {
  const [first] = errors;
  const code = (first?.extensions?.code ?? 'INTERNAL_SERVER_ERROR').toLowerCase();
  const details =
    errors.length > 1
      ? { ...(asRecord(first?.extensions?.details) ?? {}), errors }
      : (first?.extensions?.details ?? null);
  return new SottoApiError(
    { code, message: first?.message ?? 'GraphQL error', request_id: requestId, details },
    status,
  );
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
