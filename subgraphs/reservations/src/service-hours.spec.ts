import {
  defaultDuration,
  instantOf,
  localDate,
  localTime,
  serviceAt,
  servicesAround,
} from './service-hours';
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

  it('lists once the services a search over many instants can meet, the latest day first', () => {
    const late = {
      '5': [['19:00', '01:00']],
      '6': [
        ['12:00', '14:00'],
        ['19:00', '23:00'],
      ],
    } as const;
    const hours = late as unknown as Parameters<typeof servicesAround>[2];
    // From Friday 21:00 to Saturday 13:00, Paris: Thursday (none), Friday's and Saturday's.
    const services = servicesAround(
      new Date('2026-11-27T20:00:00Z'),
      new Date('2026-11-28T12:00:00Z'),
      hours,
      PARIS,
    );
    expect(services.map(({ open, close }) => [open.toISOString(), close.toISOString()])).toEqual([
      ['2026-11-28T11:00:00.000Z', '2026-11-28T13:00:00.000Z'],
      ['2026-11-28T18:00:00.000Z', '2026-11-28T22:00:00.000Z'],
      ['2026-11-27T18:00:00.000Z', '2026-11-28T00:00:00.000Z'],
    ]);
    // Across the night the clocks go back: the same hours, an hour further in UTC.
    const sunday = { '7': [['12:00', '14:00']] } as unknown as typeof hours;
    expect(
      servicesAround(
        new Date('2026-10-24T10:00:00Z'),
        new Date('2026-10-25T13:00:00Z'),
        sunday,
        PARIS,
      ),
    ).toEqual([
      { open: new Date('2026-10-25T11:00:00Z'), close: new Date('2026-10-25T13:00:00Z') },
    ]);
    expect(
      servicesAround(
        new Date('2026-10-17T10:00:00Z'),
        new Date('2026-10-18T13:00:00Z'),
        sunday,
        PARIS,
      ),
    ).toEqual([
      { open: new Date('2026-10-18T10:00:00Z'), close: new Date('2026-10-18T12:00:00Z') },
    ]);
  });

  it('gives the default length by party size', () => {
    expect(defaultDuration(2, DEMO_SERVICE.durations)).toBe(90);
    expect(defaultDuration(3, DEMO_SERVICE.durations)).toBe(105);
    expect(defaultDuration(6, DEMO_SERVICE.durations)).toBe(120);
    expect(defaultDuration(12, DEMO_SERVICE.durations)).toBe(150);
  });

  it('answers a conversion it remembers as it worked it out, per time zone, past 10,000 of them', () => {
    const instant = new Date('2026-07-03T22:30:00Z');
    const paris = localTime(instant, PARIS);
    expect(paris).toEqual({ year: 2026, month: 7, day: 4, weekday: 6, minutes: 30 });
    expect(localTime(new Date(instant.getTime()), 'America/New_York')).toEqual({
      year: 2026,
      month: 7,
      day: 3,
      weekday: 5,
      minutes: 18 * 60 + 30,
    });
    // Shared between callers, so that none can change another's.
    expect(Object.isFrozen(localTime(instant, PARIS))).toBe(true);
    // Every minute of a week and more (12,096 instants): the remembered ones cleared when full,
    // none wrong before or after, nor asked again after the clearing.
    const reference = new Intl.DateTimeFormat('en-CA', {
      timeZone: PARIS,
      hourCycle: 'h23',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    const expected = (at: Date) => {
      const parts = reference.formatToParts(at);
      const part = (type: string) => Number(parts.find((p) => p.type === type)!.value);
      return { day: part('day'), minutes: part('hour') * 60 + part('minute') };
    };
    const start = Date.UTC(2026, 2, 23); // the Monday before Paris's spring change (2026-03-29)
    const instants = Array.from({ length: 12_096 }, (_, i) => new Date(start + i * 60_000));
    for (const at of [...instants, ...instants.slice(0, 100)]) {
      const { day, minutes } = localTime(at, PARIS);
      if (day !== expected(at).day || minutes !== expected(at).minutes) {
        throw new Error(
          `${at.toISOString()}: ${day} ${minutes}, not ${JSON.stringify(expected(at))}`,
        );
      }
    }
    expect(localDate(new Date('2026-03-29T00:30:00Z'), PARIS)).toBe('2026-03-29');
  });
});
