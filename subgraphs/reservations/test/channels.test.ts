import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import {
  bootTestPlatform,
  testDatabaseUrl,
  type TestPlatform,
  type TestTenant,
} from '../../../test/support/test-platform';
import { at, fridayAhead } from './floor';
import { startTheForkFake, type TheForkFake } from './fakes/thefork-fake';

let platform: TestPlatform;
let thefork: TheForkFake;
let manager: TestTenant;
const FRIDAY = fridayAhead();
const RESTAURANT_UUID = randomUUID();

beforeAll(async () => {
  [platform, thefork] = await Promise.all([bootTestPlatform(), startTheForkFake()]);
  manager = await platform.tenant({ role: 'manager' });
});
afterAll(async () => {
  await platform?.stop();
  await thefork?.close();
});

async function connectTheFork(tenant: TestTenant) {
  const answer = await tenant.rest('POST', '/channels/thefork/connections', {
    credentials: {
      client_id: thefork.clientId,
      client_secret: thefork.clientSecret,
      restaurant_uuid: RESTAURANT_UUID,
      api_url: thefork.apiUrl,
      auth_url: thefork.authUrl,
    },
  });
  expect(answer.status).toBe(201);
  return answer.body as { connection_id: string; notification_url: string; token: string };
}

/** TheFork's documented webhook body for a reservation. */
const notification = (uuid: string, eventType = 'reservationCreated') => ({
  entityType: 'reservation',
  uuid,
  eventType,
  groupUuid: randomUUID(),
  restaurantUuid: RESTAURANT_UUID,
});

function theForkBooking(
  overrides: Partial<{ partySize: number; status: string; time: string }> = {},
) {
  const uuid = randomUUID();
  const customerUuid = randomUUID();
  thefork.customers.set(customerUuid, {
    firstName: 'Camille',
    lastName: 'Durand',
    email: 'camille.durand@example.com',
    phoneNumber: '+33612345678',
  });
  thefork.reservations.set(uuid, {
    reservationUuid: uuid,
    restaurantUuid: RESTAURANT_UUID,
    mealDate: at(FRIDAY, overrides.time ?? '20:00'),
    partySize: overrides.partySize ?? 4,
    status: overrides.status ?? 'RECORDED',
    customerNote: 'Anniversaire',
    customerUuid,
  });
  return uuid;
}

const post = (url: string, body: unknown) => platform.request('POST', url, { body });

async function countReservations(tenant: TestTenant): Promise<number> {
  const db = new Client({ connectionString: testDatabaseUrl() });
  await db.connect();
  try {
    const { rows } = await db.query(
      'select count(*)::int as n from reservations.reservations where restaurant_id = $1',
      [tenant.restaurantId],
    );
    return rows[0].n;
  } finally {
    await db.end();
  }
}

describe('connecting a booking platform', () => {
  it('shows the notification URL and token once, and never the credentials', async () => {
    const connection = await connectTheFork(manager);
    expect(connection.notification_url).toBe(
      `/api/v1/channels/thefork/notifications?token=${connection.token}`,
    );
    expect(connection).toMatchObject({
      channel: 'thefork',
      notification_format: 'documented',
      has_credentials: true,
      revoked_at: null,
    });
    expect(JSON.stringify(connection)).not.toContain(thefork.clientSecret);

    const listed = await manager.rest('GET', '/channels/connections');
    expect(listed.status).toBe(200);
    expect(listed.text).not.toContain(connection.token);
    expect(listed.text).not.toContain(thefork.clientSecret);
    expect(listed.body.data.map((c: any) => c.connection_id)).toContain(connection.connection_id);

    const db = new Client({ connectionString: testDatabaseUrl() });
    await db.connect();
    const { rows } = await db.query(
      'select token_hash, sealed_credentials from reservations.channel_connections where id = $1',
      [connection.connection_id],
    );
    await db.end();
    expect(rows[0].token_hash).not.toContain(connection.token);
    expect(rows[0].sealed_credentials).toMatch(/^v1\./);
    expect(rows[0].sealed_credentials).not.toContain(thefork.clientSecret);
  });

  it('refuses incomplete TheFork credentials, and the server role', async () => {
    const missing = await manager.rest('POST', '/channels/thefork/connections', {
      credentials: { client_id: 'x' },
    });
    expect(missing.status).toBe(422);
    expect(missing.body.error.code).toBe('invalid_field');
    const none = await manager.rest('POST', '/channels/thefork/connections', {});
    expect(none.status).toBe(422);
    const server = await platform.tenant({
      restaurantId: manager.restaurantId,
      role: 'server',
      menu: false,
    });
    const refused = await server.rest('POST', '/channels/resy/connections', {});
    expect(refused.status).toBe(403);
  });

  it('refuses other TheFork endpoints outside the sandbox', async () => {
    const staging = await platform.tenant({ role: 'manager', environment: 'staging' });
    const answer = await staging.rest('POST', '/channels/thefork/connections', {
      credentials: {
        client_id: thefork.clientId,
        client_secret: thefork.clientSecret,
        restaurant_uuid: RESTAURANT_UUID,
        api_url: 'http://10.0.0.1/manager',
      },
    });
    expect(answer.status).toBe(422);
    expect(answer.body.error.details).toEqual([
      { field: 'apiUrl', message: 'allowed in the sandbox only' },
    ]);
  });

  it('never lends a restaurant another’s TheFork token: the secret is part of the reuse', async () => {
    const owner = await connectTheFork(manager);
    const uuid = theForkBooking({ time: '22:00', partySize: 2 });
    expect((await post(owner.notification_url, notification(uuid))).status).toBe(200);
    const intruder = await platform.tenant({ role: 'manager' });
    const borrowed = await intruder.rest('POST', '/channels/thefork/connections', {
      credentials: {
        client_id: thefork.clientId,
        client_secret: 'not-the-secret-of-that-client',
        restaurant_uuid: RESTAURANT_UUID,
        api_url: thefork.apiUrl,
        auth_url: thefork.authUrl,
      },
    });
    const answer = await post(borrowed.body.notification_url, notification(uuid));
    expect(answer.status).toBe(502);
    expect(await countReservations(intruder)).toBe(0);
  });

  it('replaces the previous connection: the old URL answers 404', async () => {
    const first = await connectTheFork(manager);
    const second = await connectTheFork(manager);
    const uuid = theForkBooking();
    const old = await post(first.notification_url, notification(uuid));
    expect(old.status).toBe(404);
    expect(old.body.error.code).toBe('channel_not_found');
    expect(old.text).not.toContain(first.token);
    const fresh = await post(second.notification_url, notification(uuid));
    expect(fresh.status).toBe(200);
  });
});

describe('TheFork notifications (documented webhook, booking fetched from the B2B API)', () => {
  let connection: Awaited<ReturnType<typeof connectTheFork>>;
  beforeAll(async () => {
    connection = await connectTheFork(manager);
  });

  it('creates the reservation from TheFork’s data, then updates it when re-sent', async () => {
    const uuid = theForkBooking({ partySize: 4 });
    const created = await post(connection.notification_url, notification(uuid));
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ outcome: 'created', status: 'confirmed', reason: null });
    expect(created.body.table_ids).toEqual([expect.any(String)]);
    const id = created.body.reservation_id;

    const read = await manager.rest('GET', `/reservations/${id}`);
    expect(read.body).toMatchObject({
      customer_name: 'Camille Durand',
      customer_phone: '+33612345678',
      customer_email: 'camille.durand@example.com',
      party_size: 4,
      source: 'thefork',
      external_id: uuid,
      notes: 'Anniversaire',
      start_time: at(FRIDAY, '20:00'),
    });

    thefork.reservations.get(uuid)!.partySize = 6;
    const updated = await post(
      connection.notification_url,
      notification(uuid, 'reservationUpdated'),
    );
    expect(updated.body).toMatchObject({ outcome: 'updated', reservation_id: id });
    expect((await manager.rest('GET', `/reservations/${id}`)).body.party_size).toBe(6);

    thefork.reservations.get(uuid)!.status = 'CANCELED';
    const cancelled = await post(
      connection.notification_url,
      notification(uuid, 'reservationUpdated'),
    );
    expect(cancelled.body).toMatchObject({ outcome: 'updated', status: 'cancelled' });
    const again = await post(connection.notification_url, notification(uuid, 'reservationUpdated'));
    expect(again.body).toMatchObject({
      outcome: 'unchanged',
      reason: 'the reservation is cancelled',
    });
  });

  it('maps a request awaiting the restaurant to pending, then its confirmation', async () => {
    const uuid = theForkBooking({ status: 'REQUESTED', time: '21:00', partySize: 2 });
    const requested = await post(connection.notification_url, notification(uuid));
    expect(requested.body).toMatchObject({ outcome: 'created', status: 'pending' });
    thefork.reservations.get(uuid)!.status = 'RECORDED';
    const confirmed = await post(
      connection.notification_url,
      notification(uuid, 'reservationUpdated'),
    );
    expect(confirmed.body).toMatchObject({ outcome: 'updated', status: 'confirmed' });
  });

  it('ignores other entities, other TheFork restaurants and cancellations never received', async () => {
    const before = await countReservations(manager);
    const customer = await post(connection.notification_url, {
      entityType: 'customer',
      eventType: 'customerCreated',
      uuid: randomUUID(),
      groupUuid: randomUUID(),
    });
    expect(customer.body).toMatchObject({ outcome: 'ignored', reservation_id: null });
    const elsewhere = await post(connection.notification_url, {
      ...notification(theForkBooking()),
      restaurantUuid: randomUUID(),
    });
    expect(elsewhere.body.outcome).toBe('ignored');
    const cancelled = await post(
      connection.notification_url,
      notification(theForkBooking({ status: 'CANCELED' })),
    );
    expect(cancelled.body).toMatchObject({ outcome: 'ignored' });
    expect(await countReservations(manager)).toBe(before);
  });

  it('reuses TheFork’s access token across notifications', async () => {
    const before = thefork.tokenRequests;
    for (const time of ['19:00', '19:30']) {
      const answer = await post(
        connection.notification_url,
        notification(theForkBooking({ time, partySize: 2 })),
      );
      expect(answer.status).toBe(200);
    }
    expect(thefork.tokenRequests).toBe(before);
  });

  it('answers 502 and writes nothing when TheFork’s API fails', async () => {
    const before = await countReservations(manager);
    thefork.failWith = 503;
    try {
      const answer = await post(connection.notification_url, notification(theForkBooking()));
      expect(answer.status).toBe(502);
      expect(answer.body.error.code).toBe('channel_unavailable');
    } finally {
      thefork.failWith = null;
    }
    const unknown = await post(connection.notification_url, notification(randomUUID()));
    expect(unknown.status).toBe(502);
    expect(await countReservations(manager)).toBe(before);
  });

  it('refuses a body that is not TheFork’s notification, and unknown tokens', async () => {
    const bad = await post(connection.notification_url, { uuid: 42 });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('invalid_field');
    const forged = await post(
      `/api/v1/channels/thefork/notifications?token=bkc_${'A'.repeat(40)}`,
      notification(theForkBooking()),
    );
    expect(forged.status).toBe(404);
    const wrongChannel = await post(
      connection.notification_url.replace('/thefork/', '/resy/'),
      notification(theForkBooking()),
    );
    expect(wrongChannel.status).toBe(404);
    const noToken = await post(
      '/api/v1/channels/thefork/notifications',
      notification(randomUUID()),
    );
    expect(noToken.status).toBe(404);
  });
});

describe('platforms without a public notification format (our shape)', () => {
  it('creates, updates in place, cancels, and refuses bad bookings with nothing written', async () => {
    const tenant = await platform.tenant({ role: 'admin' });
    const connected = await tenant.rest('POST', '/channels/zenchef/connections', {});
    expect(connected.status).toBe(201);
    expect(connected.body).toMatchObject({ notification_format: 'sotto', has_credentials: false });
    const url = connected.body.notification_url as string;
    const booking = {
      external_id: 'ZC-1042',
      customer_name: 'Louis Bernard',
      party_size: 2,
      start_time: at(FRIDAY, '20:30'),
    };
    const created = await post(url, booking);
    expect(created.body).toMatchObject({ outcome: 'created', status: 'confirmed' });
    const resent = await post(url, { ...booking, party_size: 3 });
    expect(resent.body).toMatchObject({
      outcome: 'updated',
      reservation_id: created.body.reservation_id,
    });
    const cancelled = await post(url, { ...booking, status: 'cancelled' });
    expect(cancelled.body).toMatchObject({ outcome: 'updated', status: 'cancelled' });

    const before = await countReservations(tenant);
    for (const bad of [
      { ...booking, external_id: 'ZC-2', party_size: 0 },
      { ...booking, external_id: 'ZC-3', start_time: '2030-06-14T20:00:00' },
      { ...booking, external_id: 'ZC-4', start_time: 'demain soir' },
      { ...booking, external_id: 'ZC-5', start_time: at(fridayAhead(-2), '20:00') },
      { external_id: 'ZC-6', party_size: 2, start_time: booking.start_time },
      { ...booking, external_id: undefined },
    ]) {
      const answer = await post(url, bad);
      expect({ bad, status: answer.status }).toEqual({ bad, status: 422 });
      expect(answer.body.error.code).toMatch(/^invalid_field$/);
    }
    expect(await countReservations(tenant)).toBe(before);
  });

  it('books only into the connection’s own restaurant; another tenant cannot disconnect it', async () => {
    const owner = await platform.tenant({ role: 'admin' });
    const other = await platform.tenant({ role: 'admin' });
    const connected = await owner.rest('POST', '/channels/resy/connections', {});
    const created = await post(connected.body.notification_url, {
      external_id: 'RESY-77',
      customer_name: 'Inès Moreau',
      party_size: 2,
      start_time: at(FRIDAY, '19:30'),
    });
    expect(created.body.outcome).toBe('created');
    expect(await countReservations(owner)).toBe(1);
    expect(await countReservations(other)).toBe(0);
    const stolen = await other.rest(
      'DELETE',
      `/channels/connections/${connected.body.connection_id}`,
    );
    expect(stolen.status).toBe(404);
    const listed = await other.rest('GET', '/channels/connections');
    expect(listed.body.data).toEqual([]);
    const revoked = await owner.rest(
      'DELETE',
      `/channels/connections/${connected.body.connection_id}`,
    );
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked_at).toEqual(expect.any(String));
    const after = await post(connected.body.notification_url, {
      external_id: 'RESY-78',
      customer_name: 'Inès Moreau',
      party_size: 2,
      start_time: at(FRIDAY, '21:30'),
    });
    expect(after.status).toBe(404);
  });
});
