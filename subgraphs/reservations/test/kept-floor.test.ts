import { Client } from 'pg';
import { TENANT_CHANGES_CHANNEL } from '../../../platform/src/database/tenant-change-notification';
import { eventually } from '../../../test/support/eventually';
import { traceRequests, type RequestTrace } from '../../../test/support/request-trace';
import { requestWithMessages } from '../../../test/support/request-messages';
import {
  bootTestPlatform,
  type TestPlatform,
  type TestTenant,
} from '../../../test/support/test-platform';
import { at, fridayAhead } from './floor';

/**
 * The floor (tables and service) kept by the process per tenant for availability
 * (`KeptFloors`), until a change to its tables or its service: the reservations schema's
 * notifications name their table, so the bookings of a busy evening leave it kept, while the
 * holds are read at every query. Its own floor changes are read at once; anyone else's once
 * their notification is heard.
 */
let platform: TestPlatform;
let trace: RequestTrace;
let sql: Client;
let tenant: TestTenant;
/** The change notifications this test's own connection heard. */
const heard: string[] = [];
const FRIDAY = fridayAhead(3);
const EIGHT_PM = at(FRIDAY, '20:00');

beforeAll(async () => {
  platform = await bootTestPlatform();
  trace = traceRequests(platform.platform.gateway!.app.server);
  sql = new Client({ connectionString: platform.platform.databaseUrl });
  await sql.connect();
  tenant = await platform.tenant();
  sql.on('notification', ({ payload }) => heard.push(payload ?? ''));
  await sql.query(`listen ${TENANT_CHANGES_CHANNEL}`);
});
afterAll(async () => {
  trace?.stop();
  await sql?.end();
  await platform?.stop();
});

/**
 * The availability for a party at eight, past the gateway's read cache, and how many of the
 * messages it sent PostgreSQL read the floor's tables.
 */
async function availability(party: number) {
  const { answer, messages } = await requestWithMessages(
    platform,
    trace,
    'GET',
    `/api/v1/tables/availability?start_time=${encodeURIComponent(EIGHT_PM)}&party_size=${party}`,
    { headers: { authorization: `Bearer ${tenant.token}`, 'cache-control': 'no-cache' } },
    (text) => /reservations\.dining_tables/.test(text),
  );
  expect(answer.status).toBe(200);
  return {
    tables: answer.body.tables.map((table: { table_id: string }) => table.table_id) as string[],
    floorMessages: messages.length,
  };
}

it('reads the floor from PostgreSQL once while bookings change the holds', async () => {
  const first = await availability(8);
  expect(first.floorMessages).toBe(1);
  expect(first.tables).toEqual(['30']);
  const kept = await eventually(
    () => availability(8),
    ({ floorMessages }) => floorMessages === 0,
  );
  expect(kept.tables).toEqual(['30']);

  // A booking writes reservations and holds: the floor stays kept, the holds are read afresh.
  const booked = await tenant.rest('POST', '/reservations', {
    customer_name: 'Famille Martin',
    customer_phone: '+33 6 12 34 56 78',
    party_size: 8,
    start_time: EIGHT_PM,
    table_id: '30',
  });
  expect(booked.status).toBe(201);
  // Its notifications name the tables it wrote, none of the floor's; once they are out, the
  // floor is still kept, read after read.
  const tenantKey = `${tenant.restaurantId}/${tenant.environment}/`;
  const named = await eventually(
    async () => heard.filter((payload) => payload.startsWith(tenantKey)),
    (payloads) => payloads.length >= 2,
  );
  expect(named.sort()).toEqual([
    `${tenantKey}reservations/reservations`,
    `${tenantKey}reservations/table_holds`,
  ]);
  for (let read = 0; read < 3; read++) {
    expect(await availability(8)).toEqual({ tables: [], floorMessages: 0 });
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
});

it('reads a floor change made through the API at the next request, and one made behind its back once notified', async () => {
  await eventually(
    () => availability(6),
    ({ floorMessages }) => floorMessages === 0,
  );
  const bigger = await tenant.rest('PUT', '/tables/12', { capacity: 6, zone: 'salle' });
  expect(bigger.status).toBe(200);
  // (Here its notification usually arrives first; kept-floor-own-changes.test.ts shows that the
  // floor service's own news suffices without it.)
  const afterOwn = await availability(6);
  expect(afterOwn.floorMessages).toBe(1);
  expect(afterOwn.tables).toContain('12');

  // Behind the platform's back, as an operator's SQL: read again once the notification is heard.
  await eventually(
    () => availability(6),
    ({ floorMessages }) => floorMessages === 0,
  );
  await sql.query(
    `update reservations.dining_tables set capacity = 4
      where restaurant_id = $1 and environment = $2 and code = '12'`,
    [tenant.restaurantId, tenant.environment],
  );
  // Fails by timing out while the old capacity is still served.
  await eventually(
    () => availability(6),
    ({ tables }) => !tables.includes('12'),
  );
});
