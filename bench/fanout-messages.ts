/** The messages between the benchmark and its subscribers' process. */
export type ToSubscribers =
  | { type: 'open'; url: string; token: string; count: number; query: string }
  /** Create an order through REST from this process, then wait for every subscriber's receipt. */
  | { type: 'order'; url: string; token: string; body: string; timeoutMs: number }
  | { type: 'close' };

export type FromSubscribers =
  /** `failed`: the first few reasons why a socket could not connect or subscribe. */
  | { type: 'opened'; connected: number; failed: string[] }
  | { type: 'receipts'; sentAt: number; answeredAt: number; times: number[] }
  | { type: 'failed'; message: string };

/** Milliseconds since the epoch with the sub-millisecond precision of the monotonic clock. */
export const epochMs = (): number => performance.timeOrigin + performance.now();
