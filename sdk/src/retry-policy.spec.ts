import { DEFAULT_RETRY, delayBeforeRetry, retryAfterSeconds } from './retry-policy';

describe('retryAfterSeconds', () => {
  it('reads seconds and HTTP dates, and nothing else', () => {
    expect(retryAfterSeconds('3')).toBe(3);
    expect(retryAfterSeconds(null)).toBeUndefined();
    expect(retryAfterSeconds('soon')).toBeUndefined();
    const now = Date.parse('2026-11-26T04:00:00Z');
    expect(retryAfterSeconds('Thu, 26 Nov 2026 04:00:10 GMT', now)).toBe(10);
    expect(retryAfterSeconds('Thu, 26 Nov 2026 03:59:00 GMT', now)).toBe(0);
  });
});

describe('delayBeforeRetry', () => {
  const options = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1000 };

  it('doubles the backoff at each retry, between half and the whole of it, up to the cap', () => {
    expect(
      [1, 2, 3, 4, 5].map((retry) => delayBeforeRetry(retry, options, undefined, () => 0)),
    ).toEqual([50, 100, 200, 400, 500]);
    expect(
      [1, 2, 3, 4, 5].map((retry) => delayBeforeRetry(retry, options, undefined, () => 1)),
    ).toEqual([100, 200, 400, 800, 1000]);
  });

  it('waits what Retry-After asks, and gives up when it asks more than the cap', () => {
    expect(delayBeforeRetry(1, options, 0)).toBe(0);
    expect(delayBeforeRetry(3, options, 1)).toBe(1000);
    expect(delayBeforeRetry(1, options, 2)).toBeUndefined();
  });
});
