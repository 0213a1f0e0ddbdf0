/**
 * How long the platform waits for PostgreSQL before it gives up on a call: a database that
 * does not answer makes requests fail fast with 503 `SERVICE_UNAVAILABLE` instead of hanging.
 */
export const DATABASE_TIMEOUTS = {
  /** Opening a connection (TCP, TLS and authentication). */
  connectMs: 5_000,
  /** Waiting for a free connection of a busy pool. */
  acquireMs: 10_000,
} as const;

/** Socket errors and PostgreSQL states (class 08, connection; 57P01–57P03, shutdown) of an outage. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
const SERVER_STATES = /^(08...|57P0[123])$/;
/** What pg, knex and tarn say when the connection is lost or cannot be had. */
const MESSAGES = [
  /connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /timeout acquiring a connection/i,
  /client has encountered a connection error/i,
  /connection is closed/i,
  /the database system is (starting up|shutting down)/i,
  // knex, when the connection died under a transaction's `begin`: the transaction is over.
  /transaction query already complete/i,
];

/**
 * Whether `error` (or an error it wraps, through `cause`) says the database cannot be reached
 * now, as opposed to a query that failed on its own: such calls answer 503, and are worth a retry.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let current: unknown = error;
  // Duck-typed, not `instanceof Error`: Node's socket errors may come from another realm.
  while (typeof current === 'object' && current !== null && !seen.has(current)) {
    seen.add(current);
    const { code, message, cause } = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
    };
    if (typeof code === 'string' && (SOCKET_CODES.has(code) || SERVER_STATES.test(code))) {
      return true;
    }
    if (typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message))) {
      return true;
    }
    current = cause;
  }
  return false;
}
