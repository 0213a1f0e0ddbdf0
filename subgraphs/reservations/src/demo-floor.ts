import type { DiningTableFields } from './entities/dining-table.entity';
import type { FloorSettingsFields } from './entities/floor-settings.entity';

const two = (code: string, zone: string, joinableWith: string[] = []): DiningTableFields => ({
  code,
  capacity: 2,
  zone,
  joinableWith,
});
const four = (code: string, zone: string, joinableWith: string[] = []): DiningTableFields => ({
  code,
  capacity: 4,
  minPartySize: 2,
  zone,
  joinableWith,
});

/**
 * The demo brasserie's floor: two-tops that join in pairs along the banquette, four-tops (table
 * 12 among them, as in the spec's orders), two round six-tops, a terrace and a private salon.
 */
export const DEMO_TABLES: readonly DiningTableFields[] = [
  two('1', 'salle', ['2']),
  two('2', 'salle', ['1']),
  two('3', 'salle', ['4']),
  two('4', 'salle', ['3']),
  four('5', 'salle', ['6']),
  four('6', 'salle', ['5']),
  four('7', 'salle', ['8']),
  four('8', 'salle', ['7']),
  { code: '9', capacity: 6, minPartySize: 3, zone: 'salle', joinableWith: ['10'] },
  { code: '10', capacity: 6, minPartySize: 3, zone: 'salle', joinableWith: ['9'] },
  two('11', 'bar'),
  four('12', 'salle'),
  two('20', 'terrasse', ['21']),
  two('21', 'terrasse', ['20']),
  two('22', 'terrasse', ['23']),
  two('23', 'terrasse', ['22']),
  four('24', 'terrasse', ['25']),
  four('25', 'terrasse', ['24']),
  { code: '30', capacity: 10, minPartySize: 6, zone: 'salon' },
];

const LUNCH: [string, string] = ['12:00', '14:30'];
const DINNER: [string, string] = ['19:00', '23:00'];

/** Closed on Mondays; lunch and dinner Tuesday to Saturday; a long lunch on Sunday. */
export const DEMO_SERVICE: FloorSettingsFields = {
  timeZone: 'Europe/Paris',
  openingHours: {
    '2': [LUNCH, DINNER],
    '3': [LUNCH, DINNER],
    '4': [LUNCH, DINNER],
    '5': [LUNCH, ['19:00', '23:30']],
    '6': [LUNCH, ['19:00', '23:30']],
    '7': [['12:00', '15:30']],
  },
  durations: [
    { upTo: 2, minutes: 90 },
    { upTo: 4, minutes: 105 },
    { upTo: 6, minutes: 120 },
    { upTo: null, minutes: 150 },
  ],
};
