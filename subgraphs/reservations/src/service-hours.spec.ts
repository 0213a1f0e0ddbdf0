import { defaultDuration, instantOf, localDate, localTime, serviceAt } from './service-hours';
import { DEMO_SERVICE } from './demo-floor';

const PARIS = 'Europe/Paris';

describe('service hours', () => {
  it('turns a local Paris time into an instant, in winter and in summer', () => {
    expect(instantOf('2026-01-16', 20 * 60, PARIS).toISOString()).toBe('2026-01-16T19:00:00.000Z');
    expect(instantOf('2026-07-17', 20 * 60, PARIS).toISOString()).toBe('2026-07-17T18:00:00.000Z');
    // The night the clocks go back (25 October 2026): 20:00 is after the change.
    expect(instantOf('2026-10-25', 20 * 60, PARIS).toISOString()).toBe('2026-10-25T19:00:00.000Z');
  });

  it('reads the local day and weekday of an instant', () => {
    const friday = new Date('2026-11-27T22:30:00Z');
    expect(localDate(friday, PARIS)).toBe('2026-11-27');
    expect(localTime(friday, PARIS)).toMatchObject({ weekday: 5, minutes: 23 * 60 + 30 });
    expect(localDate(new Date('2026-11-27T23:30:00Z'), PARIS)).toBe('2026-11-28');
  });

  it('finds the service an instant falls in, and none when closed', () => {
    const hours = DEMO_SERVICE.openingHours;
    expect(serviceAt(new Date('2026-11-27T19:00:00Z'), hours, PARIS)).toEqual({
      open: new Date('2026-11-27T18:00:00Z'),
      close: new Date('2026-11-27T22:30:00Z'),
    });
    expect(serviceAt(new Date('2026-11-27T15:00:00Z'), hours, PARIS)).toBeNull();
    // Mondays are closed.
    expect(serviceAt(new Date('2026-11-30T19:00:00Z'), hours, PARIS)).toBeNull();
  });

  it('keeps a service that closes after midnight on the day it opened', () => {
    const late = { '5': [['19:00', '01:00']] as [string, string][] };
    expect(serviceAt(new Date('2026-11-27T23:30:00Z'), late, PARIS)).not.toBeNull(); // 00:30 Saturday
    expect(serviceAt(new Date('2026-11-28T00:30:00Z'), late, PARIS)).toBeNull(); // 01:30
  });

  it('gives the default length by party size', () => {
    expect(defaultDuration(2, DEMO_SERVICE.durations)).toBe(90);
    expect(defaultDuration(3, DEMO_SERVICE.durations)).toBe(105);
    expect(defaultDuration(6, DEMO_SERVICE.durations)).toBe(120);
    expect(defaultDuration(12, DEMO_SERVICE.durations)).toBe(150);
  });
});
