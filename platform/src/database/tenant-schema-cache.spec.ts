import { TenantChanges } from './tenant-changes';
import { TenantSchemaCache, type SchemaGenerations } from './tenant-schema-cache';

const TENANT = { restaurantId: 'rst_1', environment: 'sandbox' as const };
const KEY = 'rst_1/sandbox';

describe('TenantChanges.schemaGenerationOf', () => {
  it('moves with the notifications naming the schema, or none, and no others', () => {
    const changes = new TenantChanges();
    const menu = () => changes.schemaGenerationOf(KEY, 'menu');
    const start = menu();
    changes.notified('rst_1/sandbox/orders'); // an order taken
    changes.notified('rst_2/sandbox/menu'); // another restaurant's menu
    changes.notified('rst_1/production/menu'); // another environment's
    changes.changed(KEY); // a mutation through the gateway: its own writes notify in turn
    expect(menu()).toBe(start);
    changes.notified('rst_1/sandbox/menu');
    expect(menu()).toBe(start + 1);
    changes.notified('rst_1/sandbox'); // no schema named: every schema of the tenant
    expect(menu()).toBe(start + 2);
  });

  it('of some tables, moves with the notifications naming one of them, their schema alone, or none', () => {
    const changes = new TenantChanges();
    const floor = () =>
      changes.schemaGenerationOf(KEY, 'reservations', ['dining_tables', 'floor_settings']);
    const schema = () => changes.schemaGenerationOf(KEY, 'reservations');
    const start = floor();
    changes.notified('rst_1/sandbox/reservations/table_holds'); // a booking
    changes.notified('rst_1/sandbox/reservations/reservations');
    changes.notified('rst_1/sandbox/orders/dining_tables'); // another schema's table so named
    changes.notified('rst_2/sandbox/reservations/dining_tables'); // another restaurant's
    expect(floor()).toBe(start);
    expect(schema()).toBe(start + 2); // what is kept of the whole schema moved with the booking
    changes.notified('rst_1/sandbox/reservations/dining_tables');
    expect(floor()).toBe(start + 1);
    changes.notified('rst_1/sandbox/reservations/floor_settings');
    expect(floor()).toBe(start + 2);
    changes.notified('rst_1/sandbox/reservations'); // no table named (this process's own news)
    expect(floor()).toBe(start + 3);
    changes.notified('rst_1/sandbox'); // no schema named
    expect(floor()).toBe(start + 4);
    expect(schema()).toBe(start + 6);
  });

  it("moves the tenant's generation, as the gateway's read cache keys it, with every notification", () => {
    const changes = new TenantChanges();
    changes.notified('rst_1/sandbox/orders');
    changes.notified('rst_1/sandbox/menu');
    changes.notified('rst_1/sandbox');
    expect(changes.generationOf(KEY)).toBe(3);
    expect(changes.generationOf('rst_2/sandbox')).toBe(0);
  });
});

describe('TenantSchemaCache', () => {
  /** Generations moved by hand, as notifications would. */
  function generations(): SchemaGenerations & { move(): void; live: boolean } {
    let generation = 0;
    const move = () => {
      generation += 1;
    };
    return { live: true, schemaGenerationOf: () => generation, move, notified: move };
  }

  it('loads once per generation', async () => {
    const changes = generations();
    const cache = new TenantSchemaCache<string>('menu', Promise.resolve(changes));
    let reads = 0;
    const load = jest.fn(async () => `menu ${++reads}`);
    expect(await cache.get(TENANT, load)).toBe('menu 1');
    expect(await cache.get(TENANT, load)).toBe('menu 1');
    changes.move();
    expect(await cache.get(TENANT, load)).toBe('menu 2');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('of some tables, loads again after a change to one of them, not to the others', async () => {
    const changes = new TenantChanges();
    Object.defineProperty(changes, 'live', { value: true });
    const cache = new TenantSchemaCache<number>('reservations', Promise.resolve(changes), {
      tables: ['dining_tables', 'floor_settings'],
    });
    let reads = 0;
    const load = async () => ++reads;
    expect(await cache.get(TENANT, load)).toBe(1);
    changes.notified('rst_1/sandbox/reservations/table_holds');
    expect(await cache.get(TENANT, load)).toBe(1);
    changes.notified('rst_1/sandbox/reservations/floor_settings');
    expect(await cache.get(TENANT, load)).toBe(2);
    await cache.changed(TENANT); // this process's own write: no table named
    expect(await cache.get(TENANT, load)).toBe(3);
  });

  it('gives what a load read along with the value, only when it loaded, and keeps the value alone', async () => {
    const changes = generations();
    const cache = new TenantSchemaCache<string>('reservations', Promise.resolve(changes));
    let reads = 0;
    const load = async () => ({ value: `floor ${++reads}`, along: [`holds ${reads}`] });
    expect(await cache.getAlong(TENANT, load)).toEqual({ value: 'floor 1', along: ['holds 1'] });
    expect(await cache.getAlong(TENANT, load)).toEqual({ value: 'floor 1' });
    changes.move();
    expect(await cache.getAlong(TENANT, load)).toEqual({ value: 'floor 2', along: ['holds 2'] });
    expect(await cache.get(TENANT, async () => 'unused')).toBe('floor 2');
  });

  it('keeps what it read frozen: no reader changes what the next one gets', async () => {
    const cache = new TenantSchemaCache<{ code: string; modifiers: string[]; photo: Buffer }[]>(
      'menu',
      Promise.resolve(generations()),
    );
    const load = async () => [{ code: 'burger_1', modifiers: ['cheese'], photo: Buffer.from('x') }];
    const [first] = await cache.get(TENANT, load);
    expect(() => first!.modifiers.push('bacon')).toThrow(TypeError);
    expect(() => Object.assign(first!, { code: 'changed' })).toThrow(TypeError);
    const [again] = await cache.get(TENANT, load);
    expect(again).toEqual({ code: 'burger_1', modifiers: ['cheese'], photo: Buffer.from('x') });
  });

  it("reads again after this process's own change, and keeps no read under way when it committed", async () => {
    const changes = new TenantChanges();
    Object.defineProperty(changes, 'live', { value: true });
    const cache = new TenantSchemaCache<string>('menu', Promise.resolve(changes));
    await cache.get(TENANT, async () => 'before');
    await cache.changed(TENANT);
    expect(await cache.get(TENANT, async () => 'after')).toBe('after');
    expect(await cache.get(TENANT, async () => 'not read')).toBe('after');
    await cache.changed(TENANT);
    await cache.get(TENANT, async () => {
      await cache.changed(TENANT);
      return 'read while it changed';
    });
    expect(await cache.get(TENANT, async () => 'fresh')).toBe('fresh');
    // Another schema's cache of the same tenant is not concerned.
    const stock = new TenantSchemaCache<string>('inventory', Promise.resolve(changes));
    await stock.get(TENANT, async () => 'stock');
    await cache.changed(TENANT);
    expect(await stock.get(TENANT, async () => 'read again')).toBe('stock');
  });

  it('keeps nothing read while a change was notified', async () => {
    const changes = generations();
    const cache = new TenantSchemaCache<string>('menu', Promise.resolve(changes));
    // The change commits after the read began: what was read may not have it.
    await cache.get(TENANT, async () => {
      changes.move();
      return 'maybe stale';
    });
    expect(await cache.get(TENANT, async () => 'fresh')).toBe('fresh');
  });

  it('loads every time while notifications are not flowing, or could not start', async () => {
    const changes = generations();
    changes.live = false;
    const down = new TenantSchemaCache<number>('menu', Promise.resolve(changes));
    let reads = 0;
    await down.get(TENANT, async () => ++reads);
    await down.get(TENANT, async () => ++reads);
    expect(reads).toBe(2);
    expect(down.size).toBe(0);
    const failed = new TenantSchemaCache<number>('menu', Promise.reject(new Error('no listener')));
    expect(await failed.get(TENANT, async () => 7)).toBe(7);
  });

  it('keeps tenants apart, and at most its number of them, the least recently read dropped', async () => {
    const cache = new TenantSchemaCache<string>('menu', Promise.resolve(generations()), {
      maxEntries: 2,
    });
    const tenant = (restaurantId: string) => ({ ...TENANT, restaurantId });
    await cache.get(tenant('a'), async () => 'a');
    await cache.get(tenant('b'), async () => 'b');
    await cache.get(TENANT, async () => 'mine');
    expect(await cache.get(tenant('a'), async () => 'a again')).toBe('a again');
    expect(await cache.get(TENANT, async () => 'not read')).toBe('mine');
    expect(await cache.get({ ...TENANT, environment: 'production' }, async () => 'prod')).toBe(
      'prod',
    );
    expect(cache.size).toBe(2);
  });

  it("keeps a tenant's parts apart, each moved on by the tenant's changes, all counted in the bound", async () => {
    const changes = generations();
    const cache = new TenantSchemaCache<string>('inventory', Promise.resolve(changes), {
      maxEntries: 3,
    });
    expect(await cache.get(TENANT, async () => 'burger', 'burger_1')).toBe('burger');
    expect(await cache.get(TENANT, async () => 'fries', 'fries_regular')).toBe('fries');
    expect(await cache.get(TENANT, async () => 'whole')).toBe('whole');
    expect(await cache.get(TENANT, async () => 'not read', 'burger_1')).toBe('burger');
    expect(await cache.get(TENANT, async () => 'not read')).toBe('whole');
    expect(cache.size).toBe(3);
    // A fourth value drops the least recently read one (the fries).
    await cache.get({ ...TENANT, restaurantId: 'rst_2' }, async () => 'theirs', 'burger_1');
    expect(await cache.get(TENANT, async () => 'fries again', 'fries_regular')).toBe('fries again');
    // A change of the tenant's schema: every part read again.
    changes.move();
    expect(await cache.get(TENANT, async () => 'burger 2', 'burger_1')).toBe('burger 2');
    expect(await cache.get(TENANT, async () => 'whole 2')).toBe('whole 2');
  });
});
