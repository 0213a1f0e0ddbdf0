import { Client, Pool } from 'pg';
import {
  bootTestPlatform,
  testDatabaseUrl,
  type TestPlatform,
  type TestTenant,
} from '../../../test/support/test-platform';
import { RESERVATION_STATUSES } from '../src/reservation-state-machine';
import { at, DEMO_TABLE_CODES, fridayAhead } from './floor';

let platform: TestPlatform;
let pool: Pool;

beforeAll(async () => {
  platform = await bootTestPlatform();
  pool = new Pool({ connectionString: testDatabaseUrl(), max: 2 });
});
afterAll(async () => {
  await pool?.end();
  await platform?.stop();
});

const ID = /^res_[0-9a-z]{26}$/;
const FRIDAY = fridayAhead();
const EIGHT_PM = at(FRIDAY, '20:00');

const booking = (fields: Record<string, unknown> = {}) => ({
  customer_name: 'Camille Martin',
  customer_phone: '+33 6 12 34 56 78',
  party_size: 2,
  start_time: EIGHT_PM,
  ...fields,
});

async function eventsOf(aggregateId: string): Promise<string[]> {
  const { rows } = await pool.query(
    'select "type" from "events"."event_log" where "aggregate_id" = $1 order by "seq"',
    [aggregateId],
  );
  return rows.map((row) => row.type as string);
}

async function tenantRows(tenant: TestTenant, table: string): Promise<number> {
  const { rows } = await pool.query(
    `select count(*)::int as n from "reservations"."${table}" where "restaurant_id" = $1`,
    [tenant.restaurantId],
  );
  return rows[0].n as number;
}

describe('POST /api/v1/reservations', () => {
  it('books the best fit and answers the reservation with its table and times', async () => {
    const tenant = await platform.tenant();
    const answer = await tenant.rest('POST', '/reservations', booking({ notes: 'Anniversaire' }));
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      reservation_id: expect.stringMatching(ID),
      status: 'confirmed',
      table_id: '1',
      table_ids: ['1'],
      start_time: EIGHT_PM,
      end_time: at(FRIDAY, '21:30'),
      duration_minutes: 90,
      party_size: 2,
      customer_name: 'Camille Martin',
      customer_phone: '+33 6 12 34 56 78',
      customer_email: null,
      source: 'phone',
      external_id: null,
      notes: 'Anniversaire',
      created_at: expect.stringMatching(/Z$/),
      version: 1,
      updated_at: expect.any(String),
    });
    expect(answer.headers.get('location')).toBe(
      `/api/v1/reservations/${answer.body.reservation_id}`,
    );
    expect(answer.headers.get('etag')).toBe('"1"');
    expect(await eventsOf(answer.body.reservation_id)).toEqual(['reservation.created']);
  });

  it('chooses the smallest table that seats the party, then the next one', async () => {
    const tenant = await platform.tenant();
    const book = async (party: number) =>
      (await tenant.rest('POST', '/reservations', booking({ party_size: party }))).body.table_ids;
    expect(await book(2)).toEqual(['1']);
    expect(await book(2)).toEqual(['2']);
    expect(await book(3)).toEqual(['5']); // a four-top rather than a six-top
    expect(await book(5)).toEqual(['9']);
    expect(await book(6)).toEqual(['10']);
    // Two joined four-tops leave fewer empty seats than the ten-seat salon.
    expect(await book(7)).toEqual(['7', '8']);
    expect(await book(9)).toEqual(['30']);
  });

  it('joins two joinable tables for a party no free table seats alone', async () => {
    const tenant = await platform.tenant();
    const eight = await tenant.rest('POST', '/reservations', booking({ party_size: 8 }));
    expect(eight.status).toBe(201);
    expect(eight.body.table_ids).toEqual(['5', '6']);
    expect(eight.body.table_id).toBe('5');
    // Both joined tables are held: neither can be booked over the same evening.
    for (const table of ['5', '6']) {
      const taken = await tenant.rest('POST', '/reservations', booking({ table_id: table }));
      expect(taken.status).toBe(409);
      expect(taken.body.error.code).toBe('table_unavailable');
    }
    const free = await tenant.rest(
      'GET',
      `/tables/availability?start_time=${encodeURIComponent(EIGHT_PM)}&party_size=8`,
    );
    expect(free.body.best_fit).toEqual(['7', '8']);
    expect(free.body.tables.map((t: any) => t.table_id)).toEqual(['30']);
    expect(free.body.combinations.map((c: any[]) => c.map((t) => t.table_id))).toEqual([
      ['7', '8'],
      ['24', '25'],
      ['9', '10'],
    ]);
  });

  it('gives the asked table, or 409 with the nearest free times; 422 for an unknown table', async () => {
    const tenant = await platform.tenant();
    const first = await tenant.rest('POST', '/reservations', booking({ table_id: '12' }));
    expect(first.status).toBe(201);
    expect(first.body.table_id).toBe('12');
    const second = await tenant.rest(
      'POST',
      '/reservations',
      booking({ table_id: '12', start_time: at(FRIDAY, '20:30') }),
    );
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({
      code: 'table_unavailable',
      details: { reason: 'booked', table_id: '12' },
    });
    // Table 12 is held 20:00–21:30 for two: free again from 21:30, and before 18:30 (closed).
    expect(second.body.error.details.nearest_times).toEqual([
      at(FRIDAY, '21:30'),
      at(FRIDAY, '21:45'),
      at(FRIDAY, '22:00'),
      at(FRIDAY, '22:15'),
    ]);
    const tooSmall = await tenant.rest(
      'POST',
      '/reservations',
      booking({ table_id: '1', party_size: 4 }),
    );
    expect(tooSmall.status).toBe(409);
    expect(tooSmall.body.error.details).toMatchObject({ reason: 'too_small', capacity: 2 });
    const unknown = await tenant.rest('POST', '/reservations', booking({ table_id: '99' }));
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('unknown_table');
  });

  it('refuses a time outside opening hours', async () => {
    const tenant = await platform.tenant();
    const answer = await tenant.rest(
      'POST',
      '/reservations',
      booking({ start_time: at(FRIDAY, '16:00') }),
    );
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('outside_opening_hours');
  });
});

describe('GET /api/v1/tables/availability', () => {
  const availability = (tenant: TestTenant, start: string, party: number) =>
    tenant.rest(
      'GET',
      `/tables/availability?start_time=${encodeURIComponent(start)}&party_size=${party}`,
    );

  it('on an empty evening: every table that seats the party, best fit first', async () => {
    const tenant = await platform.tenant();
    const answer = await availability(tenant, EIGHT_PM, 2);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      start_time: EIGHT_PM,
      end_time: at(FRIDAY, '21:30'),
      party_size: 2,
      duration_minutes: 90,
      available: true,
      best_fit: ['1'],
      nearest_times: [],
    });
    expect(answer.body.tables.map((t: any) => t.table_id)).toEqual([
      '1',
      '2',
      '3',
      '4',
      '11',
      '20',
      '21',
      '22',
      '23',
      '5',
      '6',
      '7',
      '8',
      '12',
      '24',
      '25',
    ]);
    expect(answer.body.tables[0]).toEqual({
      table_id: '1',
      capacity: 2,
      min_party_size: 1,
      zone: 'salle',
      joinable_with: ['2'],
    });
  });

  it('on a full evening: no table, and the nearest times when one frees up', async () => {
    const tenant = await platform.tenant();
    for (const table of DEMO_TABLE_CODES) {
      const answer = await tenant.rest('POST', '/reservations', booking({ table_id: table }));
      expect(answer.status).toBe(201);
    }
    const answer = await availability(tenant, EIGHT_PM, 2);
    expect(answer.body).toMatchObject({
      available: false,
      best_fit: null,
      tables: [],
      combinations: [],
      nearest_times: [
        at(FRIDAY, '21:30'),
        at(FRIDAY, '21:45'),
        at(FRIDAY, '22:00'),
        at(FRIDAY, '22:15'),
      ],
    });
    const refused = await tenant.rest('POST', '/reservations', booking());
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('table_unavailable');
    expect(refused.body.error.details.nearest_times).toEqual(answer.body.nearest_times);
    expect(await tenantRows(tenant, 'reservations')).toBe(DEMO_TABLE_CODES.length);
  });

  it('frees a table from the minute its hold ends, and holds it until then', async () => {
    const tenant = await platform.tenant();
    for (const table of DEMO_TABLE_CODES) {
      const answer = await tenant.rest('POST', '/reservations', booking({ table_id: table }));
      expect(answer.status).toBe(201); // every table held 20:00–21:30
    }
    const free = async (start: string, minutes: number) => {
      const answer = await tenant.rest(
        'GET',
        `/tables/availability?start_time=${encodeURIComponent(start)}&party_size=2&duration_minutes=${minutes}`,
      );
      expect(answer.status).toBe(200);
      return answer.body.available as boolean;
    };
    expect(await free(at(FRIDAY, '21:30'), 60)).toBe(true);
    expect(await free(at(FRIDAY, '21:29'), 60)).toBe(false);
    expect(await free(at(FRIDAY, '19:00'), 60)).toBe(true);
    expect(await free(at(FRIDAY, '19:00'), 61)).toBe(false);
  });

  it('answers bad queries with 422 in the envelope', async () => {
    const tenant = await platform.tenant();
    const answer = await tenant.rest(
      'GET',
      '/tables/availability?start_time=tomorrow&party_size=0',
    );
    expect(answer.status).toBe(422);
    expect(answer.body.error.code).toBe('invalid_field');
    expect(answer.body.error.details.map((d: any) => d.field).sort()).toEqual([
      'party_size',
      'start_time',
    ]);
  });
});

describe('no double booking', () => {
  it('fifteen concurrent bookings of one table at one time: exactly one wins, the others get 409', async () => {
    const tenant = await platform.tenant({ maxConnections: 50 });
    const answers = await Promise.all(
      Array.from({ length: 15 }, (_, i) =>
        tenant.rest(
          'POST',
          '/reservations',
          booking({ table_id: '12', customer_name: `Guest ${i}`, party_size: 4 }),
        ),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([201, ...Array(14).fill(409)]);
    for (const lost of answers.filter((answer) => answer.status === 409)) {
      expect(lost.body.error.code).toBe('table_unavailable');
      expect(lost.body.error.details.nearest_times.length).toBeGreaterThan(0);
    }
    const { rows } = await pool.query(
      `select count(*)::int as n from "reservations"."table_holds"
        where "restaurant_id" = $1 and "table_code" = '12' and "active"`,
      [tenant.restaurantId],
    );
    expect(rows[0].n).toBe(1);
    expect(await tenantRows(tenant, 'reservations')).toBe(1);
  });

  it('a booking that loses its table at the database’s rule gets 409 with the nearest times', async () => {
    const tenant = await platform.tenant();
    // Another booking's hold of table 12, written but not committed: the booking cannot see it,
    // chooses table 12, and its own hold then waits on this one, until it commits (23P01).
    // Connections of their own (the suite's pool has two, for its other reads).
    const rival = new Client({ connectionString: testDatabaseUrl() });
    const watcher = new Client({ connectionString: testDatabaseUrl() });
    await Promise.all([rival.connect(), watcher.connect()]);
    try {
      await rival.query('begin');
      await rival.query(
        `insert into "reservations"."table_holds"
           ("uuid", "reservation_id", "restaurant_id", "environment", "table_code",
            "start_time", "end_time", "active")
         values (gen_random_uuid(), 'res_rival', $1, 'sandbox', '12', $2, $3, true)`,
        [tenant.restaurantId, EIGHT_PM, at(FRIDAY, '22:00')],
      );
      const lost = tenant.rest('POST', '/reservations', booking({ table_id: '12', party_size: 4 }));
      for (let tries = 0; ; tries++) {
        const { rows } = await watcher.query(
          `select count(*)::int as n from pg_stat_activity
            where wait_event_type = 'Lock' and position($1 in query) > 0`,
          [tenant.restaurantId],
        );
        if (rows[0].n > 0) break;
        if (tries > 500) throw new Error('the booking never waited on the rival hold');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await rival.query('commit');
      const answer = await lost;
      expect(answer.status).toBe(409);
      expect(answer.body.error.code).toBe('table_unavailable');
      // Read afresh after the race: the rival's hold is seen, and times around it are offered.
      expect(answer.body.error.details.nearest_times.length).toBeGreaterThan(0);
      expect(await tenantRows(tenant, 'reservations')).toBe(0);
    } finally {
      await Promise.all([rival.end(), watcher.end()]);
    }
  });

  it('fifteen concurrent bookings without a table each get a different one', async () => {
    const tenant = await platform.tenant({ maxConnections: 50 });
    const answers = await Promise.all(
      Array.from({ length: 15 }, () => tenant.rest('POST', '/reservations', booking())),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(15).fill(201));
    const tables = answers.flatMap((answer) => answer.body.table_ids as string[]);
    expect(new Set(tables).size).toBe(15);
  });

  it('is the database’s own rule: overlapping holds of one table are refused even in raw SQL', async () => {
    const tenant = await platform.tenant();
    const insert = (reservation: string, from: string, to: string) =>
      pool.query(
        `insert into "reservations"."table_holds"
           ("uuid", "reservation_id", "restaurant_id", "environment", "table_code",
            "start_time", "end_time", "active")
         values (gen_random_uuid(), $1, $2, 'sandbox', '12', $3, $4, true)`,
        [reservation, tenant.restaurantId, from, to],
      );
    await insert('res_a', EIGHT_PM, at(FRIDAY, '21:30'));
    await expect(insert('res_b', at(FRIDAY, '21:00'), at(FRIDAY, '22:00'))).rejects.toMatchObject({
      code: '23P01',
    });
    // Back to back is not an overlap.
    await expect(insert('res_c', at(FRIDAY, '21:30'), at(FRIDAY, '23:00'))).resolves.toBeDefined();
  });
});

describe('channels', () => {
  it('a booking re-sent with the same source and external_id updates the first one', async () => {
    const tenant = await platform.tenant();
    const sent = booking({
      source: 'thefork',
      external_id: 'TF-889123',
      customer_email: 'c@example.com',
    });
    const first = await tenant.rest('POST', '/reservations', sent);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ source: 'thefork', external_id: 'TF-889123' });

    const again = await tenant.rest('POST', '/reservations', sent);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);

    const moved = await tenant.rest('POST', '/reservations', {
      ...sent,
      party_size: 4,
      start_time: at(FRIDAY, '21:00'),
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({
      reservation_id: first.body.reservation_id,
      party_size: 4,
      start_time: at(FRIDAY, '21:00'),
      table_id: '5',
      version: 2,
    });
    // The same external id from another channel is another booking.
    const other = await tenant.rest('POST', '/reservations', { ...sent, source: 'resy' });
    expect(other.status).toBe(201);

    const concurrent = await Promise.all(
      Array.from({ length: 5 }, () =>
        tenant.rest('POST', '/reservations', booking({ source: 'zenchef', external_id: 'ZC-1' })),
      ),
    );
    expect(concurrent.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(concurrent.map((a) => a.body.reservation_id)).size).toBe(1);
    expect(await tenantRows(tenant, 'reservations')).toBe(3);
    expect(await eventsOf(first.body.reservation_id)).toEqual(['reservation.created']);
  });

  it('accepts every documented source and refuses others', async () => {
    const tenant = await platform.tenant();
    const sources = [
      'phone',
      'walk_in',
      'voice',
      'thefork',
      'resy',
      'opentable',
      'zenchef',
      'google_calendar',
      'microsoft_365',
    ];
    for (const source of sources) {
      const answer = await tenant.rest('POST', '/reservations', booking({ source }));
      expect([answer.status, answer.body.source]).toEqual([201, source]);
    }
    const refused = await tenant.rest('POST', '/reservations', booking({ source: 'fax' }));
    expect(refused.status).toBe(422);
  });
});

describe('lifecycle', () => {
  /** How to bring a new reservation to each status. */
  const PATHS: Record<string, string[]> = {
    pending: [],
    confirmed: ['confirmed'],
    arrived: ['confirmed', 'arrived'],
    seated: ['confirmed', 'seated'],
    completed: ['confirmed', 'seated', 'completed'],
    cancelled: ['cancelled'],
    no_show: ['confirmed', 'no_show'],
  };
  const ALLOWED = new Set([
    'pending>confirmed',
    'pending>cancelled',
    'confirmed>arrived',
    'confirmed>seated',
    'confirmed>cancelled',
    'confirmed>no_show',
    'arrived>seated',
    'arrived>cancelled',
    'seated>completed',
  ]);

  it('allows every transition of the table and refuses every other with 409', async () => {
    const tenant = await platform.tenant();
    /** Brings a new reservation to `from`, asks for `to`, and says whether the answer is right. */
    const attempt = async (from: string, to: string, slot: number) => {
      const start = at(
        FRIDAY,
        `${19 + Math.floor(slot / 4)}:${String((slot % 4) * 15).padStart(2, '0')}`,
      );
      const created = await tenant.rest(
        'POST',
        '/reservations',
        booking({ status: 'pending', start_time: start, duration_minutes: 15 }),
      );
      if (created.status !== 201) return `${from}>${to}: booking ${created.status}`;
      const id = created.body.reservation_id;
      for (const step of PATHS[from]!) {
        const moved = await tenant.rest('PATCH', `/reservations/${id}/status`, { status: step });
        if (moved.status !== 200) return `${from}>${to}: path ${step} ${moved.status}`;
      }
      const answer = await tenant.rest('PATCH', `/reservations/${id}/status`, { status: to });
      const ok = ALLOWED.has(`${from}>${to}`)
        ? answer.status === 200 && answer.body.status === to
        : answer.status === 409 && answer.body.error.code === 'illegal_transition';
      await tenant.rest('PATCH', `/reservations/${id}/status`, { status: 'cancelled' });
      return `${from}>${to}: ${ok ? 'ok' : answer.status}`;
    };
    const outcomes: string[] = [];
    // One source status at a time; its seven targets at once, each in its own quarter hour.
    for (const from of RESERVATION_STATUSES) {
      outcomes.push(
        ...(await Promise.all(RESERVATION_STATUSES.map((to, slot) => attempt(from, to, slot)))),
      );
    }
    expect(outcomes.filter((line) => !line.endsWith(': ok'))).toEqual([]);
    expect(outcomes).toHaveLength(49);
  }, 90_000);

  it('records reservation.arrived, and cancelling or a no-show frees the table', async () => {
    const tenant = await platform.tenant();
    const first = await tenant.rest('POST', '/reservations', booking({ table_id: '12' }));
    const id = first.body.reservation_id;
    expect(
      (await tenant.rest('PATCH', `/reservations/${id}/status`, { status: 'arrived' })).body,
    ).toMatchObject({ status: 'arrived', version: 2 });
    expect(await eventsOf(id)).toEqual(['reservation.created', 'reservation.arrived']);
    await tenant.rest('PATCH', `/reservations/${id}/status`, { status: 'cancelled' });

    const second = await tenant.rest('POST', '/reservations', booking({ table_id: '12' }));
    expect(second.status).toBe(201);
    await tenant.rest('PATCH', `/reservations/${second.body.reservation_id}/status`, {
      status: 'no_show',
    });
    const third = await tenant.rest('POST', '/reservations', booking({ table_id: '12' }));
    expect(third.status).toBe(201);
    const seated = await tenant.rest('PATCH', `/reservations/${third.body.reservation_id}/status`, {
      status: 'seated',
    });
    expect(seated.status).toBe(200);
    expect(await eventsOf(third.body.reservation_id)).toEqual([
      'reservation.created',
      'reservation.arrived',
    ]);
    const busy = await tenant.rest('POST', '/reservations', booking({ table_id: '12' }));
    expect(busy.status).toBe(409);
  });
});

describe('bad input', () => {
  it.each([
    ['a party of 0', { party_size: 0 }, 'party_size'],
    ['an unparseable time', { start_time: 'vendredi 20h' }, 'start_time'],
    ['a time without its offset', { start_time: `${FRIDAY}T20:00:00` }, 'start_time'],
    ['a time in the past', { start_time: '2020-01-03T19:00:00Z' }, 'start_time'],
    ['a missing name', { customer_name: undefined }, 'customer_name'],
    ['a blank name', { customer_name: '   ' }, 'customer_name'],
    ['an unknown field', { guests: 2 }, '(body)'],
    ['a NUL character in the name', { customer_name: 'Ca\u0000mille' }, 'customer_name'],
    ['a lone surrogate in the notes', { notes: 'x\uD800y' }, 'notes'],
  ])('answers %s with 422 invalid_field and writes nothing', async (_what, fields, field) => {
    const tenant = await platform.tenant();
    const answer = await tenant.rest('POST', '/reservations', booking(fields));
    expect(answer.status).toBe(422);
    expect(answer.body.error).toMatchObject({
      code: 'invalid_field',
      message: expect.any(String),
      request_id: expect.stringMatching(/^req_/),
    });
    expect(answer.body.error.details.map((d: any) => d.field)).toContain(field);
    expect(await tenantRows(tenant, 'reservations')).toBe(0);
    expect(await tenantRows(tenant, 'table_holds')).toBe(0);
    const { rows } = await pool.query(
      `select count(*)::int as n from "events"."event_log" where "restaurant_id" = $1`,
      [tenant.restaurantId],
    );
    expect(rows[0].n).toBe(0);
  });

  it('answers malformed JSON with 400', async () => {
    const tenant = await platform.tenant();
    const answer = await platform.request('POST', '/api/v1/reservations', {
      raw: '{"party_size": ',
      headers: { authorization: `Bearer ${tenant.token}`, 'content-type': 'application/json' },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('malformed_json');
  });
});

describe('GET, PUT and list', () => {
  it('reads one reservation; 404 for an unknown id or another restaurant’s', async () => {
    const tenant = await platform.tenant();
    const stranger = await platform.tenant();
    const created = (await tenant.rest('POST', '/reservations', booking())).body;
    const answer = await tenant.rest('GET', `/reservations/${created.reservation_id}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(created);
    expect(answer.headers.get('etag')).toBe('"1"');
    for (const [who, id] of [
      [stranger, created.reservation_id],
      [tenant, 'res_00000000000000000000000000'],
      [tenant, 'nothing'],
    ] as const) {
      const missing = await who.rest('GET', `/reservations/${id}`);
      expect(missing.status).toBe(404);
      expect(missing.body.error.code).toBe('reservation_not_found');
    }
    // An id holding a NUL character is malformed input, refused before any service runs.
    const malformed = await tenant.rest('GET', `/reservations/${created.reservation_id}%00`);
    expect(malformed.status).toBe(422);
    expect(malformed.body.error.code).toBe('invalid_field');
  });

  it('PUT moves the reservation, re-assigns the table when it must, and checks If-Match', async () => {
    const tenant = await platform.tenant();
    const created = (await tenant.rest('POST', '/reservations', booking())).body;
    const path = `/reservations/${created.reservation_id}`;
    const later = await tenant.rest('PUT', path, booking({ start_time: at(FRIDAY, '21:00') }), {
      'if-match': '"1"',
    });
    expect(later.status).toBe(200);
    expect(later.body).toMatchObject({
      start_time: at(FRIDAY, '21:00'),
      end_time: at(FRIDAY, '22:30'),
      table_id: '1',
      version: 2,
    });
    const bigger = await tenant.rest(
      'PUT',
      path,
      booking({ party_size: 6, start_time: at(FRIDAY, '21:00') }),
    );
    expect(bigger.body.table_ids).toEqual(['9']);
    // Table 1 is free again at 20:00.
    expect((await tenant.rest('POST', '/reservations', booking({ table_id: '1' }))).status).toBe(
      201,
    );
    const stale = await tenant.rest('PUT', path, booking(), { 'if-match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('stale_version');
    await tenant.rest('PATCH', `${path}/status`, { status: 'seated' });
    const seated = await tenant.rest('PUT', path, booking());
    expect(seated.status).toBe(409);
    expect(seated.body.error.code).toBe('reservation_not_editable');
  });

  it('lists by day and status, by start time, with cursor pagination', async () => {
    const tenant = await platform.tenant();
    const nextFriday = fridayAhead(2);
    const ids: string[] = [];
    for (const time of ['21:00', '19:00', '20:00']) {
      ids.push(
        (await tenant.rest('POST', '/reservations', booking({ start_time: at(FRIDAY, time) }))).body
          .reservation_id,
      );
    }
    await tenant.rest('POST', '/reservations', booking({ start_time: at(nextFriday, '20:00') }));
    await tenant.rest('PATCH', `/reservations/${ids[0]}/status`, { status: 'cancelled' });

    const page1 = await tenant.rest('GET', `/reservations?date=${FRIDAY}&limit=2`);
    expect(page1.status).toBe(200);
    expect(page1.body.data.map((r: any) => r.start_time)).toEqual([
      at(FRIDAY, '19:00'),
      at(FRIDAY, '20:00'),
    ]);
    expect(page1.body.has_more).toBe(true);
    const page2 = await tenant.rest(
      'GET',
      `/reservations?date=${FRIDAY}&limit=2&cursor=${page1.body.next_cursor}`,
    );
    expect(page2.body).toMatchObject({ has_more: false, next_cursor: null });
    expect(page2.body.data.map((r: any) => r.reservation_id)).toEqual([ids[0]]);

    const cancelled = await tenant.rest('GET', '/reservations?status=cancelled');
    expect(cancelled.body.data.map((r: any) => r.reservation_id)).toEqual([ids[0]]);
    const current = await tenant.rest('GET', '/reservations');
    expect(current.body.data).toHaveLength(3);
    const bad = await tenant.rest('GET', '/reservations?date=friday&status=late');
    expect(bad.status).toBe(422);
  });
});
