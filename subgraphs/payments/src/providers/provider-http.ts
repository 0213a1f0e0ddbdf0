import { ProviderProtocolError, type TerminalProviderName } from './terminal-provider';

/**
 * The little HTTP every adapter shares: one JSON exchange over global `fetch`, bound to the
 * caller's `AbortSignal`. A network failure or an unreadable answer becomes a
 * `ProviderProtocolError`; an abort stays the signal's own reason, so the caller can tell a
 * timeout from a provider failure.
 */

export interface ProviderResponse {
  status: number;
  /** The parsed JSON body, or `undefined` for an empty body (204, 201 without content). */
  body: unknown;
}

export interface ProviderRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  /** A string body is sent as is (form-encoded); anything else as JSON. */
  body?: unknown;
}

export async function exchange(
  provider: TerminalProviderName,
  request: ProviderRequest,
  signal: AbortSignal,
): Promise<ProviderResponse> {
  signal.throwIfAborted();
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  let body: string | undefined;
  if (typeof request.body === 'string') {
    body = request.body;
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
  } else if (request.body !== undefined) {
    body = JSON.stringify(request.body);
    headers['content-type'] ??= 'application/json';
  }
  let response: Response;
  try {
    response = await fetch(request.url, { method: request.method, headers, body, signal });
  } catch (error) {
    signal.throwIfAborted();
    throw new ProviderProtocolError(
      provider,
      `${request.method} ${pathOf(request.url)} failed: ${(error as Error).message}`,
    );
  }
  let text: string;
  try {
    text = await response.text();
  } catch (error) {
    signal.throwIfAborted();
    throw new ProviderProtocolError(
      provider,
      `${request.method} ${pathOf(request.url)}: the answer was cut off (${(error as Error).message})`,
      response.status,
    );
  }
  if (text.trim() === '') return { status: response.status, body: undefined };
  try {
    return { status: response.status, body: JSON.parse(text) as unknown };
  } catch {
    throw new ProviderProtocolError(
      provider,
      `${request.method} ${pathOf(request.url)} answered ${response.status} with a body that is not JSON`,
      response.status,
    );
  }
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Tells the provider to stop waiting for the card after our caller gave up. Best effort, with
 * its own short deadline: the charge already rejects with the abort reason whatever happens here.
 */
export async function cancelQuietly(cancel: (signal: AbortSignal) => Promise<unknown>) {
  try {
    await cancel(AbortSignal.timeout(CANCEL_DEADLINE_MS));
  } catch {
    // The terminal may already be idle or unreachable; the payment is failed either way.
  }
}

const CANCEL_DEADLINE_MS = 5_000;

/** Form encoding as Stripe documents it: nested keys as `a[b]`, arrays as `a[]`. */
export function formEncode(fields: Record<string, string | number | readonly string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    if (Array.isArray(value)) for (const item of value) params.append(`${key}[]`, item);
    else params.append(key, String(value));
  }
  return params.toString();
}

/** `https://host` + `/v1/x` without doubling or losing a slash. */
export function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}
