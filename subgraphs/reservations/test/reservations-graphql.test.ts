import { formatInstant } from '../../../platform/src/graphql/scalars';
import { TenantDatabase } from '../../../platform/src/tenancy/tenant-database';
import { DEMO_MENU } from '../../menu/src/demo-menu';
import { MenuService } from '../../menu/src/menu.service';
import {
  bootTestPlatform,
  SPEC_ORDER,
  type TestPlatform,
  type TestTenant,
} from '../../../test/support/test-platform';
import { DEMO_TABLES } from '../src/demo-floor';
import { ReservationsService } from '../src/reservations.service';
import { at, fridayAhead } from './floor';

let platform: TestPlatform;

beforeAll(async () => {
  platform = await bootTestPlatform();
});
afterAll(() => platform?.stop());

const FRIDAY = fridayAhead();

const CREATE = `mutation($input: CreateReservationInput!) {
  createReservation(input: $input) {
    created
    reservation {
      id status partySize startTime endTime durationMinutes source externalId
      table { id capacity minPartySize zone joinableWith }
      tables { id }
    }
  }
}`;

/** A restaurant open around the clock, so that a reservation can start now, whatever the hour. */
async function openAllDay(): Promise<TestTenant> {
  const tenant = await platform.tenant({ menu: false });
  const orms = platform.platform.orms;
  const who = { restaurantId: tenant.restaurantId, environment: tenant.environment };
  await new MenuService(new TenantDatabase(orms.menu!.em, who)).addMissing(DEMO_MENU);
  const allDay: [string, string][] = [['00:00', '00:00']];
  await new ReservationsService(
    new TenantDatabase(orms.reservations!.em, who),
    who,
  ).addMissingFloor(DEMO_TABLES, {
    timeZone: 'Europe/Paris',
    openingHours: { 1: allDay, 2: allDay, 3: allDay, 4: allDay, 5: allDay, 6: allDay, 7: allDay },
    durations: [{ upTo: null, minutes: 120 }],
  });
  return tenant;
}

describe('GraphQL', () => {
  it('books through createReservation and resolves Reservation.table', async () => {
    const tenant = await platform.tenant();
    const answer = await tenant.graphql(CREATE, {
      input: {
        customerName: 'Jeanne Leroy',
        partySize: 8,
        startTime: at(FRIDAY, '20:00'),
        source: 'OPENTABLE',
        externalId: 'OT-42',
      },
    });
    expect(answer.body.errors).toBeUndefined();
    expect(answer.body.data.createReservation).toEqual({
      created: true,
      reservation: {
        id: expect.stringMatching(/^res_/),
        status: 'CONFIRMED',
        partySize: 8,
        startTime: at(FRIDAY, '20:00'),
        endTime: at(FRIDAY, '22:30'),
        durationMinutes: 150,
        source: 'OPENTABLE',
        externalId: 'OT-42',
        table: { id: '5', capacity: 4, minPartySize: 2, zone: 'salle', joinableWith: ['6'] },
        tables: [{ id: '5' }, { id: '6' }],
      },
    });
    const tables = await tenant.graphql('{ tables { id capacity } }');
    expect(tables.body.data.tables).toHaveLength(DEMO_TABLES.length);
  });

  it('refuses a party of 0 with INVALID_FIELD and writes nothing', async () => {
    const tenant = await platform.tenant();
    const answer = await tenant.graphql(CREATE, {
      input: { customerName: 'Jeanne', partySize: 0, startTime: at(FRIDAY, '20:00') },
    });
    expect(answer.body.errors[0].extensions).toMatchObject({
      code: 'INVALID_FIELD',
      details: [{ field: 'party_size', message: expect.any(String) }],
    });
    const list = await tenant.graphql('{ reservations(status: [CONFIRMED]) { nodes { id } } }');
    expect(list.body.data.reservations.nodes).toEqual([]);
  });

  it('Order.reservation: the reservation whose table an order was opened at, during its time', async () => {
    const tenant = await openAllDay();
    const walkIn = await tenant.rest('POST', '/reservations', {
      customer_name: 'Walk-in',
      party_size: 3,
      start_time: formatInstant(new Date()),
      table_id: '12',
      source: 'walk_in',
    });
    expect(walkIn.status).toBe(201);
    await tenant.rest('PATCH', `/reservations/${walkIn.body.reservation_id}/status`, {
      status: 'seated',
    });
    const atTable = (await tenant.rest('POST', '/orders', SPEC_ORDER)).body;
    const elsewhere = (await tenant.rest('POST', '/orders', { ...SPEC_ORDER, table_id: '4' })).body;

    const query = `query($id: ID!) {
      order(id: $id) { id tableId reservation { id status customerName table { id } } } }`;
    const answer = await tenant.graphql(query, { id: atTable.order_id });
    expect(answer.body).toEqual({
      data: {
        order: {
          id: atTable.order_id,
          tableId: '12',
          reservation: {
            id: walkIn.body.reservation_id,
            status: 'SEATED',
            customerName: 'Walk-in',
            table: { id: '12' },
          },
        },
      },
    });
    const none = await tenant.graphql(query, { id: elsewhere.order_id });
    expect(none.body.data.order.reservation).toBeNull();

    // A kitchen key reads the order but not the guest's reservation.
    const kitchen = await platform.tenant({
      restaurantId: tenant.restaurantId,
      menu: false,
      role: 'kitchen',
    });
    const forbidden = await kitchen.graphql(query, { id: atTable.order_id });
    expect(forbidden.body.data.order).toMatchObject({ id: atTable.order_id, reservation: null });
    expect(forbidden.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('Order.reservation: a reservation cancelled or missed is nobody’s table any more', async () => {
    const tenant = await openAllDay();
    const booked = await tenant.rest('POST', '/reservations', {
      customer_name: 'Claude Petit',
      party_size: 2,
      start_time: formatInstant(new Date()),
      table_id: '7',
    });
    expect(booked.status).toBe(201);
    const order = (await tenant.rest('POST', '/orders', { ...SPEC_ORDER, table_id: '7' })).body;
    const query = `query($id: ID!) { order(id: $id) { reservation { id } } }`;
    const before = await tenant.graphql(query, { id: order.order_id });
    expect(before.body.data.order.reservation).toEqual({ id: booked.body.reservation_id });

    const missed = await tenant.rest(
      'PATCH',
      `/reservations/${booked.body.reservation_id}/status`,
      {
        status: 'no_show',
      },
    );
    expect(missed.status).toBe(200);
    const after = await tenant.graphql(query, { id: order.order_id });
    expect(after.body.data.order.reservation).toBeNull();
  });

  it('tableAvailability answers the free tables and best fit', async () => {
    const tenant = await platform.tenant();
    const answer = await tenant.graphql(
      `query($at: DateTime!) { tableAvailability(startTime: $at, partySize: 4) {
         durationMinutes bestFit { id } tables { id } combinations { id } nearestTimes } }`,
      { at: at(FRIDAY, '12:30') },
    );
    expect(answer.body.data.tableAvailability).toMatchObject({
      durationMinutes: 105,
      bestFit: [{ id: '5' }],
      nearestTimes: [],
    });
  });
});
