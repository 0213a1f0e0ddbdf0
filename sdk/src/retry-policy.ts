/** How the client retries transient failures. */
export interface RetryOptions {
  /** Attempts in all, the first included (default 4). */
  maxAttempts?: number;
  /** The first backoff, doubled at each retry; each wait is drawn between half and the whole of it (default 200 ms). */
  baseDelayMs?: number;
  /** No single wait is longer; a `Retry-After` beyond it is not waited for (default 10 s). */
  maxDelayMs?: number;
}

export type ResolvedRetryOptions = Required<RetryOptions>;

export const DEFAULT_RETRY: ResolvedRetryOptions = {
  maxAttempts: 4,
  baseDelayMs: 200,
  maxDelayMs: 10_000,
};

/** HTTP statuses worth another attempt: over a rate limit, and a part of the platform down. */
const TRANSIENT_STATUSES = new Set([429, 502, 503, 504]);

export function isTransientStatus(status: number): boolean {
  return TRANSIENT_STATUSES.has(status);
}

/** `Retry-After` in seconds (a number of seconds or an HTTP date); undefined when absent. */
export function retryAfterSeconds(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim());
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

/**
 * The wait before retry number `retry` (1 for the first retry): what `Retry-After` asks when
 * given, else exponential backoff with jitter. Undefined when the wait would exceed
 * `maxDelayMs` (the caller gives up and reports the error).
 */
export function delayBeforeRetry(
  retry: number,
  options: ResolvedRetryOptions,
  retryAfter?: number,
  random: () => number = Math.random,
): number | undefined {
  if (retryAfter !== undefined) {
    const asked = retryAfter * 1000;
    return asked > options.maxDelayMs ? undefined : asked;
  }
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
