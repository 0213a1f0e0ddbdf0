import {
  bootTestPlatform,
  type TestPlatform,
  type TestTenant,
} from '../../../test/support/test-platform';
import { at, fridayAhead } from './floor';

let platform: TestPlatform;
const FRIDAY = fridayAhead();

beforeAll(async () => {
  platform = await bootTestPlatform();
});
afterAll(() => platform?.stop());

const manager = () => platform.tenant({ role: 'manager' });
const tableOf = async (tenant: TestTenant, id: string) =>
  (await tenant.rest('GET', '/tables')).body.data.find((table: any) => table.table_id === id);

describe('tables', () => {
  it('adds and changes a table by its own id, keeping joinability mutual', async () => {
    const tenant = await manager();
    const added = await tenant.rest('PUT', '/tables/40', {
      capacity: 6,
      min_party_size: 3,
      zone: 'mezzanine',
      joinable_with: ['30'],
    });
    expect(added.status).toBe(201);
    expect(added.body).toEqual({
      table_id: '40',
      capacity: 6,
      min_party_size: 3,
      zone: 'mezzanine',
      joinable_with: ['30'],
    });
    expect((await tableOf(tenant, '30')).joinable_with).toContain('40');

    const changed = await tenant.rest('PUT', '/tables/40', { capacity: 8, zone: 'mezzanine' });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ capacity: 8, min_party_size: 1, joinable_with: [] });
    expect((await tableOf(tenant, '30')).joinable_with).not.toContain('40');

    const availability = await tenant.rest(
      'GET',
      `/tables/availability?start_time=${encodeURIComponent(at(FRIDAY, '20:00'))}&party_size=8`,
    );
    expect(availability.body.tables.map((t: any) => t.table_id)).toContain('40');
  });

  it('refuses bad tables with every problem named, and changes nothing', async () => {
    const tenant = await manager();
    const before = (await tenant.rest('GET', '/tables')).body;
    for (const [id, body, field] of [
      ['41', { capacity: 0, zone: 'salle' }, 'capacity'],
      ['41', { capacity: 4, min_party_size: 6, zone: 'salle' }, 'min_party_size'],
      ['41', { capacity: 4, zone: '  ' }, 'zone'],
      ['41', { capacity: 4, zone: 'salle', joinable_with: ['99'] }, 'joinable_with'],
      ['41', { capacity: 4, zone: 'salle', joinable_with: ['41'] }, 'joinable_with'],
      ['a%20b', { capacity: 4, zone: 'salle' }, 'table_id'],
    ] as const) {
      const answer = await tenant.rest('PUT', `/tables/${id}`, body);
      expect({ id, body, status: answer.status, code: answer.body.error?.code }).toEqual({
        id,
        body,
        status: 422,
        code: 'invalid_field',
      });
      expect(answer.body.error.details.map((d: any) => d.field)).toContain(field);
    }
    const extra = await tenant.rest('PUT', '/tables/41', { capacity: 4, zone: 'x', seats: 4 });
    expect(extra.status).toBe(422);
    expect((await tenant.rest('GET', '/tables')).body).toEqual(before);
  });

  it('refuses a change or removal that an upcoming reservation would not fit', async () => {
    const tenant = await manager();
    await tenant.rest('PUT', '/tables/40', { capacity: 6, zone: 'mezzanine' });
    const booked = await tenant.rest('POST', '/reservations', {
      customer_name: 'Famille Petit',
      party_size: 6,
      start_time: at(FRIDAY, '20:00'),
      table_id: '40',
    });
    expect(booked.status).toBe(201);
    const id = booked.body.reservation_id;

    const smaller = await tenant.rest('PUT', '/tables/40', { capacity: 4, zone: 'mezzanine' });
    expect(smaller.status).toBe(409);
    expect(smaller.body.error).toMatchObject({
      code: 'table_in_use',
      details: { table_id: '40', reservation_ids: [id] },
    });
    const removed = await tenant.rest('DELETE', '/tables/40');
    expect(removed.status).toBe(409);
    const bigger = await tenant.rest('PUT', '/tables/40', { capacity: 8, zone: 'salon' });
    expect(bigger.status).toBe(200);

    await tenant.rest('PATCH', `/reservations/${id}/status`, { status: 'cancelled' });
    const gone = await tenant.rest('DELETE', '/tables/40');
    expect(gone.status).toBe(200);
    expect(await tableOf(tenant, '40')).toBeUndefined();
    expect((await tenant.rest('DELETE', '/tables/40')).body.error.code).toBe('table_not_found');
  });

  it('keeps a joined pair joinable while a reservation holds both', async () => {
    const tenant = await manager();
    // Twelve guests: only the two six-tops 9 and 10 pushed together seat them.
    const booked = await tenant.rest('POST', '/reservations', {
      customer_name: 'Groupe Lefèvre',
      party_size: 12,
      start_time: at(FRIDAY, '19:30'),
    });
    expect(booked.status).toBe(201);
    expect(booked.body.table_ids.sort()).toEqual(['10', '9']);
    const pair = await tableOf(tenant, '9');
    const split = await tenant.rest('PUT', `/tables/${pair.table_id}`, {
      capacity: pair.capacity,
      zone: pair.zone,
      joinable_with: [],
    });
    expect(split.status).toBe(409);
    expect(split.body.error.code).toBe('table_in_use');
    // Still joined, but too small together for the twelve: refused as well.
    const shrunk = await tenant.rest('PUT', `/tables/${pair.table_id}`, {
      capacity: 4,
      min_party_size: 1,
      zone: pair.zone,
      joinable_with: pair.joinable_with,
    });
    expect(shrunk.status).toBe(409);
    expect(shrunk.body.error.code).toBe('table_in_use');
  });
});

describe('service settings', () => {
  it('reads the demo service, and closing Friday evening refuses bookings then', async () => {
    const tenant = await manager();
    const current = await tenant.rest('GET', '/service-settings');
    expect(current.body).toMatchObject({ time_zone: 'Europe/Paris' });
    expect(current.body.opening_hours['5']).toContainEqual(['19:00', '23:30']);

    const lunchOnly = {
      time_zone: 'Europe/Paris',
      opening_hours: { '5': [['12:00', '14:30']] },
      durations: [
        { up_to: 4, minutes: 90 },
        { up_to: null, minutes: 120 },
      ],
    };
    const set = await tenant.rest('PUT', '/service-settings', lunchOnly);
    expect(set.status).toBe(200);
    expect(set.body).toEqual(lunchOnly);
    const dinner = await tenant.rest('POST', '/reservations', {
      customer_name: 'Paul Roux',
      party_size: 2,
      start_time: at(FRIDAY, '20:00'),
    });
    expect(dinner.status).toBe(422);
    expect(dinner.body.error.code).toBe('outside_opening_hours');
    const lunch = await tenant.rest('POST', '/reservations', {
      customer_name: 'Paul Roux',
      party_size: 2,
      start_time: at(FRIDAY, '12:30'),
    });
    expect(lunch.status).toBe(201);
    expect(lunch.body.duration_minutes).toBe(90);
  });

  it('refuses a bad service and keeps the previous one', async () => {
    const tenant = await manager();
    const before = (await tenant.rest('GET', '/service-settings')).body;
    const good = {
      time_zone: 'Europe/Paris',
      opening_hours: {},
      durations: [{ up_to: null, minutes: 120 }],
    };
    for (const [bad, field] of [
      [{ ...good, time_zone: 'Mars/Olympus' }, 'time_zone'],
      [{ ...good, opening_hours: { '8': [['12:00', '14:00']] } }, 'opening_hours.8'],
      [{ ...good, opening_hours: { '2': [['25:00', '14:00']] } }, 'opening_hours.2'],
      [{ ...good, durations: [{ up_to: 4, minutes: 90 }] }, 'durations[0].up_to'],
      [{ ...good, durations: [{ up_to: null, minutes: 5 }] }, 'durations[0].minutes'],
      [{ ...good, durations: [] }, 'durations'],
    ] as const) {
      const answer = await tenant.rest('PUT', '/service-settings', bad);
      expect({ bad, status: answer.status }).toEqual({ bad, status: 422 });
      expect(answer.body.error.details.map((d: any) => d.field)).toContain(field);
    }
    expect((await tenant.rest('GET', '/service-settings')).body).toEqual(before);
  });

  it('is the manager’s: a server may read but not change the floor', async () => {
    const tenant = await manager();
    const server = await platform.tenant({
      restaurantId: tenant.restaurantId,
      role: 'server',
      menu: false,
    });
    expect((await server.rest('GET', '/service-settings')).status).toBe(200);
    expect((await server.rest('PUT', '/tables/50', { capacity: 2, zone: 'bar' })).status).toBe(403);
  });
});
