import { nextAttemptAt } from './retry-schedule';

describe('the retry schedule', () => {
  const now = new Date('2030-01-01T00:00:00Z');
  const schedule = [5, 300, 1800];

  it('waits the scheduled delay after each failed attempt, within ±10 %', () => {
    for (const [made, delay] of [
      [1, 5],
      [2, 300],
      [3, 1800],
    ] as const) {
      const low = nextAttemptAt(schedule, made, now, () => 0)!.getTime() - now.getTime();
      const high = nextAttemptAt(schedule, made, now, () => 1)!.getTime() - now.getTime();
      expect(low).toBe(delay * 900);
      expect(high).toBe(delay * 1100);
    }
  });

  it('gives up once the schedule is used', () => {
    expect(nextAttemptAt(schedule, 4, now)).toBeNull();
  });
});
