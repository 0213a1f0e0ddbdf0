import type { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { openServiceDatabase } from '../../../launcher/src/databases';
import { TenantSchemaCache } from '../../../platform/src/database/tenant-schema-cache';
import type { Tenant } from '../../../platform/src/tenancy/tenant';
import { TenantDatabase } from '../../../platform/src/tenancy/tenant-database';
import { ownChangesOnly } from '../../../test/support/own-changes-only';
import { createScratchDatabase } from '../../../test/support/test-platform';
import { DEMO_SERVICE, DEMO_TABLES } from '../src/demo-floor';
import { FloorService } from '../src/floor-management';
import { FLOOR_TABLES, type KeptFloors } from '../src/floor-plan';
import { ReservationsService } from '../src/reservations.service';
import { at, fridayAhead } from './floor';

/**
 * What the reservations services keep of a tenant's floor (`KeptFloors`), with notifications
 * that never come: what they read again is what their own floor changes told them to.
 */
const TENANT: Tenant = { restaurantId: 'rst_kept_floor', environment: 'sandbox' };
const EIGHT_PM = new Date(at(fridayAhead(3), '20:00'));
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let orm: MikroORM;
let client: Client;

const db = () => new TenantDatabase(orm.em, TENANT);
const reservations = (floors?: KeptFloors) => new ReservationsService(db(), TENANT, { floors });

/** The tables that seat six at eight, alone. */
const forSix = async (floors?: KeptFloors) =>
  (await reservations(floors).availability({ startTime: EIGHT_PM, partySize: 6 })).tables.map(
    (table) => table.code,
  );

const setCapacityBehindItsBack = (code: string, capacity: number) =>
  client.query(`update reservations.dining_tables set capacity = $2 where code = $1`, [
    code,
    capacity,
  ]);

beforeAll(async () => {
  scratch = await createScratchDatabase();
  orm = await openServiceDatabase('reservations', scratch.url, 1);
  client = new Client({ connectionString: scratch.url });
  await client.connect();
  await reservations().addMissingFloor(DEMO_TABLES, DEMO_SERVICE);
}, 60_000);
afterAll(async () => {
  await client?.end();
  await orm?.close();
  await scratch?.drop();
});

it("keeps the floor until the process's own change to it", async () => {
  const floors: KeptFloors = new TenantSchemaCache(
    'reservations',
    Promise.resolve(ownChangesOnly()),
    {
      tables: FLOOR_TABLES,
    },
  );
  expect(await forSix(floors)).toEqual(['9', '10', '30']);
  expect(floors.size).toBe(1);

  // Unheard of, a change behind its back is not read, by this service or another one.
  await setCapacityBehindItsBack('12', 6);
  expect(await forSix(floors)).toEqual(['9', '10', '30']);
  expect(await reservations(floors).tables()).toContainEqual(
    expect.objectContaining({ code: '12', capacity: 4 }),
  );

  // A table set through the floor service: read at once (with what was changed behind its back).
  const floor = new FloorService(db(), TENANT, floors);
  await floor.setTable({ code: '11', capacity: 6, zone: 'salle' });
  expect(await forSix(floors)).toEqual(['9', '10', '11', '12', '30']);

  // The service's hours too: closed on Fridays, nothing at eight.
  const otherDays = Object.fromEntries(
    Object.entries(DEMO_SERVICE.openingHours).filter(([day]) => day !== '5'),
  );
  await floor.setService({ ...DEMO_SERVICE, openingHours: otherDays });
  expect(await forSix(floors)).toEqual([]);
});

it('reads the floor every time without a cache', async () => {
  await setCapacityBehindItsBack('12', 6);
  expect(await reservations().tables()).toContainEqual(
    expect.objectContaining({ code: '12', capacity: 6 }),
  );
  await setCapacityBehindItsBack('12', 4);
  expect(await reservations().tables()).toContainEqual(
    expect.objectContaining({ code: '12', capacity: 4 }),
  );
});
