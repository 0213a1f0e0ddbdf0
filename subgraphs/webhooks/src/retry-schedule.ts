/** A random spread of ±10 % around each scheduled delay, so failing endpoints do not retry in lockstep. */
const JITTER = 0.1;

/**
 * When the next attempt is due after `attemptsMade` failed ones, or null when the schedule
 * (`SOTTO_WEBHOOK_RETRY_SCHEDULE`, seconds between attempts) is used up.
 */
export function nextAttemptAt(
  schedule: readonly number[],
  attemptsMade: number,
  now: Date,
  random: () => number = Math.random,
): Date | null {
  const delaySeconds = schedule[attemptsMade - 1];
  if (delaySeconds === undefined) return null;
  const spread = 1 + JITTER * (2 * random() - 1);
  return new Date(now.getTime() + Math.round(delaySeconds * 1000 * spread));
}
