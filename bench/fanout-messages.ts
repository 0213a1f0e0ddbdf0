/** The messages between the benchmark and its subscribers' process. */
export type ToSubscribers =
  | { type: 'open'; url: string; token: string; count: number; query: string }
  | { type: 'collect'; orderId: string; timeoutMs: number }
  | { type: 'close' };

export type FromSubscribers =
  | { type: 'opened'; connected: number; failed: string[] }
  | { type: 'receipts'; orderId: string; times: number[] }
  | { type: 'failed'; message: string };

/** Milliseconds since the epoch with the sub-millisecond precision of the monotonic clock. */
export const epochMs = (): number => performance.timeOrigin + performance.now();
