import {
  bootTestPlatform,
  type TestPlatform,
  type TestTenant,
} from '../../../test/support/test-platform';
import {
  ITEM_ID,
  itemOf,
  lowStockEvents,
  MOVEMENT_ID,
  movementsOf,
  newItem,
  stockBySku,
} from './inventory-fixtures';

let platform: TestPlatform;
let tenant: TestTenant;

beforeAll(async () => {
  platform = await bootTestPlatform();
  tenant = await platform.tenant({ stock: true });
});
afterAll(() => platform?.stop());

describe('GET /api/v1/inventory/items', () => {
  it("lists the restaurant's stock in snake_case, quantities in the item's unit", async () => {
    const answer = await tenant.rest('GET', '/inventory/items');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ has_more: false, next_cursor: null });
    const cheddar = answer.body.data.find((item: any) => item.sku === 'cheddar');
    expect(cheddar).toEqual({
      item_id: expect.stringMatching(ITEM_ID),
      sku: 'cheddar',
      name: 'Cheddar',
      unit: 'g',
      quantity: 2000,
      low_stock_threshold: 400,
      low_stock: false,
      low_stock_since: null,
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      updated_at: expect.any(String),
    });
    const mayonnaise = answer.body.data.find((item: any) => item.sku === 'mayonnaise');
    expect(mayonnaise).toMatchObject({ unit: 'kg', quantity: 2, low_stock_threshold: 0.5 });
  });

  it('pages with limit and cursor, and filters by unit, name and low stock', async () => {
    const all = [...(await stockBySku(tenant)).values()];
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = `/inventory/items?limit=7${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await tenant.rest('GET', query);
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(7);
      seen.push(...page.body.data.map((item: any) => item.item_id));
      cursor = page.body.next_cursor;
      expect(page.body.has_more).toBe(cursor !== null);
    } while (cursor);
    expect(seen).toEqual(all.map((item) => item.item_id));

    const grams = await tenant.rest('GET', '/inventory/items?unit=g');
    expect(grams.body.data.map((item: any) => item.sku).sort()).toEqual([
      'cheddar',
      'gruyere',
      'parmesan',
    ]);
    const search = await tenant.rest('GET', '/inventory/items?search=PAIN');
    expect(search.body.data.map((item: any) => item.sku).sort()).toEqual([
      'burger_bun',
      'sandwich_bread',
    ]);

    const low = await newItem(tenant, { quantity: 1, lowStockThreshold: 2 });
    const lowOnly = await tenant.rest('GET', '/inventory/items?low_stock=true');
    expect(lowOnly.body.data.map((item: any) => item.item_id)).toContain(low);
    expect(lowOnly.body.data.every((item: any) => item.low_stock)).toBe(true);
    const notLow = await tenant.rest('GET', '/inventory/items?low_stock=false');
    expect(notLow.body.data.map((item: any) => item.item_id)).not.toContain(low);
  });

  it('refuses bad filters in the envelope', async () => {
    for (const query of ['limit=0', 'limit=101', 'unit=pound', 'low_stock=maybe', 'color=red']) {
      const answer = await tenant.rest('GET', `/inventory/items?${query}`);
      expect(answer.status).toBe(422);
      expect(answer.body.error).toMatchObject({
        code: 'invalid_field',
        request_id: expect.any(String),
      });
    }
    const cursor = await tenant.rest('GET', '/inventory/items?cursor=ord_x');
    expect(cursor.status).toBe(422);
  });
});

describe('GET /api/v1/inventory/items/{id}', () => {
  it('answers one item, and 404 for an unknown or another restaurant’s item', async () => {
    const patty = (await stockBySku(tenant)).get('beef_patty');
    const answer = await tenant.rest('GET', `/inventory/items/${patty.item_id}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ item_id: patty.item_id, name: 'Steak haché 150 g' });

    for (const id of ['inv_00000000000000000000000000', 'nope']) {
      const unknown = await tenant.rest('GET', `/inventory/items/${id}`);
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toMatchObject({
        code: 'inventory_item_not_found',
        details: { id },
      });
    }
    const other = await platform.tenant({ stock: true });
    const foreign = await other.rest('GET', `/inventory/items/${patty.item_id}`);
    expect(foreign.status).toBe(404);
    const foreignPatch = await other.rest('PATCH', `/inventory/items/${patty.item_id}/stock`, {
      quantity: 0,
    });
    expect(foreignPatch.status).toBe(404);
    expect((await itemOf(tenant, patty.item_id)).quantity).toBe(patty.quantity);
  });
});

describe('PATCH /api/v1/inventory/items/{id}/stock', () => {
  it('sets a counted quantity, recorded as an adjustment with who and why', async () => {
    const id = await newItem(tenant, { quantity: 10, unit: 'kg' });
    const answer = await tenant.rest('PATCH', `/inventory/items/${id}/stock`, {
      quantity: 7.25,
      reason: 'inventaire du soir',
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      item_id: id,
      quantity: 7.25,
      movement_id: expect.stringMatching(MOVEMENT_ID),
    });
    const counted = await tenant.rest('PATCH', `/inventory/items/${id}/stock`, { quantity: 7.25 });
    expect(counted.status).toBe(200);
    const ledger = await movementsOf(tenant, id);
    expect(ledger).toEqual([
      expect.objectContaining({ type: 'RECEIPT', quantity: 10, reason: 'opening stock' }),
      {
        id: answer.body.movement_id,
        type: 'ADJUSTMENT',
        quantity: -2.75,
        quantityAfter: 7.25,
        reason: 'inventaire du soir',
        createdByKeyId: tenant.keyId,
        createdByRole: 'admin',
        orderId: null,
      },
      expect.objectContaining({ type: 'ADJUSTMENT', quantity: 0, reason: 'stock count' }),
    ]);
  });
});

describe('POST /api/v1/inventory/movements', () => {
  it('records each type of movement with its direction, and answers the movement', async () => {
    const id = await newItem(tenant, { quantity: 10, unit: 'l' });
    const moves: [string, number, number][] = [
      ['receipt', 2.5, 12.5],
      ['sale', 0.125, 12.375],
      ['waste', 0.375, 12],
      ['transfer', 2, 10],
      ['adjustment', -0.5, 9.5],
      ['adjustment', 1, 10.5],
    ];
    for (const [type, quantity, after] of moves) {
      const answer = await tenant.rest('POST', '/inventory/movements', {
        item_id: id,
        type,
        quantity,
        reason: `${type} test`,
      });
      expect(answer.status).toBe(201);
      expect(answer.body).toEqual({
        movement_id: expect.stringMatching(MOVEMENT_ID),
        item_id: id,
        type,
        quantity,
        change: type === 'receipt' || type === 'adjustment' ? quantity : -quantity,
        quantity_after: after,
        reason: `${type} test`,
        created_by: { key_id: tenant.keyId, role: 'admin' },
        order_id: null,
        created_at: expect.any(String),
      });
    }
    expect((await itemOf(tenant, id)).quantity).toBe(10.5);
  });

  it('counts forty concurrent movements on one item exactly', async () => {
    const id = await newItem(tenant, { quantity: 100 });
    // A key of the same restaurant that may have forty requests in flight (the default is 25).
    const burst = await platform.tenant({
      restaurantId: tenant.restaurantId,
      menu: false,
      maxConnections: 100,
    });
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        burst.rest('POST', '/inventory/movements', {
          item_id: id,
          type: n % 2 ? 'receipt' : 'sale',
          quantity: n % 2 ? 1.125 : 2,
        }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array(40).fill(201));
    // 100 + 20 × 1.125 − 20 × 2
    expect((await itemOf(tenant, id)).quantity).toBe(82.5);
    const ledger = await movementsOf(tenant, id);
    expect(ledger).toHaveLength(41);
    expect(ledger.reduce((sum, movement) => sum + movement.quantity * 1000, 0)).toBe(82_500);
    // Each movement saw the one before it: the running stock is a chain with no gap.
    const afters = ledger.map((movement) => Math.round(movement.quantityAfter * 1000));
    ledger.forEach((movement, n) => {
      const before = n ? afters[n - 1]! : 0;
      expect(afters[n]).toBe(before + Math.round(movement.quantity * 1000));
    });
  });

  it('never takes stock below zero: the movement is refused with insufficient_stock', async () => {
    const id = await newItem(tenant, { quantity: 3 });
    const refused = await tenant.rest('POST', '/inventory/movements', {
      item_id: id,
      type: 'waste',
      quantity: 3.001,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'insufficient_stock',
      details: { item_id: id, available: 3, requested: 3.001 },
    });
    const down = await tenant.rest('POST', '/inventory/movements', {
      item_id: id,
      type: 'adjustment',
      quantity: -4,
    });
    expect(down.status).toBe(409);
    expect((await itemOf(tenant, id)).quantity).toBe(3);

    // Ten sales of one at once on a stock of five: exactly five pass, and the stock is zero.
    await tenant.rest('PATCH', `/inventory/items/${id}/stock`, { quantity: 5 });
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        tenant.rest('POST', '/inventory/movements', { item_id: id, type: 'sale', quantity: 1 }),
      ),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([...Array(5).fill(201), ...Array(5).fill(409)]);
    expect((await itemOf(tenant, id)).quantity).toBe(0);
  });

  it('answers bad input in the envelope and writes nothing', async () => {
    const id = await newItem(tenant, { quantity: 5 });
    const cases: [string, string, string, unknown, number, string][] = [
      [
        'non-numeric',
        'POST',
        '/inventory/movements',
        { item_id: id, type: 'receipt', quantity: 'ten' },
        422,
        'invalid_field',
      ],
      [
        'negative',
        'POST',
        '/inventory/movements',
        { item_id: id, type: 'receipt', quantity: -1 },
        422,
        'invalid_quantity',
      ],
      [
        'zero',
        'POST',
        '/inventory/movements',
        { item_id: id, type: 'waste', quantity: 0 },
        422,
        'invalid_quantity',
      ],
      [
        'four decimals',
        'POST',
        '/inventory/movements',
        { item_id: id, type: 'receipt', quantity: 1.0001 },
        422,
        'invalid_quantity',
      ],
      [
        'huge',
        'POST',
        '/inventory/movements',
        { item_id: id, type: 'receipt', quantity: 1e300 },
        422,
        'invalid_quantity',
      ],
      [
        'unknown type',
        'POST',
        '/inventory/movements',
        { item_id: id, type: 'theft', quantity: 1 },
        422,
        'invalid_field',
      ],
      [
        'unknown item',
        'POST',
        '/inventory/movements',
        { item_id: 'inv_00000000000000000000000000', type: 'receipt', quantity: 1 },
        422,
        'unknown_inventory_item',
      ],
      [
        'not an item id',
        'POST',
        '/inventory/movements',
        { item_id: 'ord_1', type: 'receipt', quantity: 1 },
        422,
        'unknown_inventory_item',
      ],
      [
        'missing item',
        'POST',
        '/inventory/movements',
        { type: 'receipt', quantity: 1 },
        422,
        'invalid_field',
      ],
      [
        'extra field',
        'POST',
        '/inventory/movements',
        { item_id: id, type: 'receipt', quantity: 1, price: 2 },
        422,
        'invalid_field',
      ],
      [
        'long reason',
        'POST',
        '/inventory/movements',
        { item_id: id, type: 'receipt', quantity: 1, reason: 'x'.repeat(501) },
        422,
        'invalid_field',
      ],
      [
        'negative count',
        'PATCH',
        `/inventory/items/${id}/stock`,
        { quantity: -1 },
        422,
        'invalid_quantity',
      ],
      [
        'text count',
        'PATCH',
        `/inventory/items/${id}/stock`,
        { quantity: '3' },
        422,
        'invalid_field',
      ],
      [
        'count of unknown item',
        'PATCH',
        '/inventory/items/inv_00000000000000000000000000/stock',
        { quantity: 1 },
        404,
        'inventory_item_not_found',
      ],
    ];
    const before = await movementsOf(tenant, id);
    const outcomes = [];
    for (const [name, method, path, body, status, code] of cases) {
      const answer = await tenant.rest(method, path, body);
      outcomes.push({ name, status: answer.status, code: answer.body?.error?.code });
      expect(answer.body.error).toMatchObject({
        message: expect.any(String),
        request_id: expect.any(String),
      });
      expect({ name, status, code }).toEqual(outcomes.at(-1));
    }
    expect(await movementsOf(tenant, id)).toEqual(before);
    expect((await itemOf(tenant, id)).quantity).toBe(5);
    const malformed = await platform.request('POST', '/api/v1/inventory/movements', {
      raw: '{"item_id":',
      headers: { authorization: `Bearer ${tenant.token}`, 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_json');
  });
});

describe('GET /api/v1/inventory/alerts and inventory.low_stock', () => {
  it('raises one alert per crossing of the threshold, and again only after a restock above it', async () => {
    const id = await newItem(tenant, { quantity: 10, lowStockThreshold: 4 });
    const move = (type: string, quantity: number) =>
      tenant.rest('POST', '/inventory/movements', { item_id: id, type, quantity });
    const alerted = async () =>
      (await tenant.rest('GET', '/inventory/alerts')).body.data.some(
        (item: any) => item.item_id === id,
      );

    await move('sale', 5); // 5: above
    expect(await lowStockEvents(id)).toBe(0);
    expect(await alerted()).toBe(false);

    await move('sale', 1); // 4: at the threshold, crossing
    expect(await lowStockEvents(id)).toBe(1);
    const alerts = await tenant.rest('GET', '/inventory/alerts');
    expect(alerts.status).toBe(200);
    expect(alerts.body.data.find((item: any) => item.item_id === id)).toMatchObject({
      quantity: 4,
      low_stock_threshold: 4,
      low_stock: true,
      low_stock_since: expect.stringMatching(/Z$/),
    });

    await move('waste', 1); // 3: still under, no new alert
    await move('receipt', 1); // 4: still at it
    await move('sale', 2); // 2
    expect(await lowStockEvents(id)).toBe(1);

    await move('receipt', 8); // 10: restocked above, re-armed
    expect(await alerted()).toBe(false);
    expect(await lowStockEvents(id)).toBe(1);

    await tenant.rest('PATCH', `/inventory/items/${id}/stock`, { quantity: 1 }); // crossing again
    expect(await lowStockEvents(id)).toBe(2);
    expect(await alerted()).toBe(true);
  });
});
