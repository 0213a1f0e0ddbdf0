import {
  bootTestPlatform,
  SPEC_ORDER,
  type TestPlatform,
  type TestTenant,
} from '../../../test/support/test-platform';

let platform: TestPlatform;
let tenant: TestTenant;

beforeAll(async () => {
  platform = await bootTestPlatform();
  tenant = await platform.tenant();
});
afterAll(() => platform?.stop());

const ID = /^ord_[0-9a-z]{26}$/;
const ITEM_ID = /^itm_[0-9a-z]{26}$/;

async function activeOrderCount(t: TestTenant = tenant): Promise<number> {
  const answer = await t.rest('GET', '/orders?limit=100');
  expect(answer.status).toBe(200);
  return answer.body.data.length;
}

describe('POST /api/v1/orders', () => {
  it("answers the spec's example verbatim, with prices written 12.50 and 17.00", async () => {
    const answer = await tenant.rest('POST', '/orders', SPEC_ORDER);
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      order_id: expect.stringMatching(ID),
      status: 'created',
      created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      table_id: '12',
      server_id: 'server_3429',
      items: [
        {
          item_id: expect.stringMatching(ITEM_ID),
          menu_item_id: 'burger_1',
          name: 'Burger Classique',
          quantity: 1,
          unit_price: 12.5,
          modifiers: ['no_onions', 'medium_rare'],
          notes: 'Sauce à part',
          status: 'pending',
        },
        {
          item_id: expect.stringMatching(ITEM_ID),
          menu_item_id: 'fries_regular',
          name: 'Frites Maison',
          quantity: 1,
          unit_price: 4.5,
          modifiers: [],
          notes: '',
          status: 'pending',
        },
      ],
      subtotal: 17,
      tax: 1.7,
      total: 18.7,
      currency: 'EUR',
      version: 1,
      updated_at: expect.any(String),
    });
    // The literal JSON keeps two decimals, as the spec prints them.
    expect(answer.text).toContain('"unit_price":12.50');
    expect(answer.text).toContain('"unit_price":4.50');
    expect(answer.text).toContain('"subtotal":17.00,"tax":1.70,"total":18.70');
    expect(answer.headers.get('location')).toBe(`/api/v1/orders/${answer.body.order_id}`);
    expect(answer.headers.get('etag')).toBe('"1"');
    expect(answer.headers.get('x-request-id')).toMatch(/^req_/);
  });

  it('adds priced modifiers to the unit price and keeps quantities', async () => {
    const answer = await tenant.rest('POST', '/orders', {
      table_id: '4',
      items: [{ menu_item_id: 'burger_1', quantity: 2, modifiers: ['extra_cheese'] }],
    });
    expect(answer.status).toBe(201);
    expect(answer.body.items[0]).toMatchObject({ unit_price: 14, quantity: 2, notes: '' });
    expect(answer.text).toContain('"subtotal":28.00,"tax":2.80,"total":30.80');
    expect(answer.body.server_id).toBeNull();
  });

  it('computes VAT per rate: wine at 20 %, food at 10 %', async () => {
    const answer = await tenant.rest('POST', '/orders', {
      items: [
        { menu_item_id: 'steak_frites', quantity: 1, modifiers: ['rare'] },
        { menu_item_id: 'verre_bordeaux', quantity: 2 },
      ],
    });
    expect(answer.status).toBe(201);
    // 24.00 at 10 % = 2.40; 13.00 at 20 % = 2.60
    expect(answer.text).toContain('"subtotal":37.00,"tax":5.00,"total":42.00');
  });

  describe('refuses bad input in the envelope and writes nothing', () => {
    const cases: [string, unknown, number, string][] = [
      [
        'an unknown menu item',
        { items: [{ menu_item_id: 'caviar', quantity: 1 }] },
        422,
        'unknown_menu_item',
      ],
      [
        'quantity 0',
        { items: [{ menu_item_id: 'burger_1', quantity: 0 }] },
        422,
        'invalid_quantity',
      ],
      [
        'a negative quantity',
        { items: [{ menu_item_id: 'burger_1', quantity: -2 }] },
        422,
        'invalid_quantity',
      ],
      [
        'a quantity over 999',
        { items: [{ menu_item_id: 'burger_1', quantity: 1000 }] },
        422,
        'invalid_quantity',
      ],
      [
        'a fractional quantity',
        { items: [{ menu_item_id: 'burger_1', quantity: 1.5 }] },
        422,
        'invalid_field',
      ],
      [
        'a quantity as a string',
        { items: [{ menu_item_id: 'burger_1', quantity: '1' }] },
        422,
        'invalid_field',
      ],
      [
        'a table id as a number',
        { table_id: 12, items: [{ menu_item_id: 'burger_1', quantity: 1 }] },
        422,
        'invalid_field',
      ],
      ['items missing', { table_id: '1' }, 422, 'invalid_field'],
      ['no items', { items: [] }, 422, 'invalid_field'],
      [
        'an unknown field',
        { items: [{ menu_item_id: 'burger_1', quantity: 1 }], discount: 5 },
        422,
        'invalid_field',
      ],
      [
        'a modifier the item does not allow',
        { items: [{ menu_item_id: 'fries_regular', quantity: 1, modifiers: ['medium_rare'] }] },
        422,
        'modifier_not_allowed',
      ],
      [
        'a modifier twice',
        {
          items: [
            { menu_item_id: 'burger_1', quantity: 1, modifiers: ['extra_cheese', 'extra_cheese'] },
          ],
        },
        422,
        'modifier_not_allowed',
      ],
      ['an array body', [SPEC_ORDER], 422, 'invalid_field'],
    ];

    it.each(cases)('%s', async (_name, body, status, code) => {
      const before = await activeOrderCount();
      const answer = await tenant.rest('POST', '/orders', body);
      expect(answer.status).toBe(status);
      expect(answer.body).toEqual({
        error: {
          code,
          message: expect.any(String),
          request_id: expect.stringMatching(/^req_/),
          details: expect.anything(),
        },
      });
      expect(answer.text).not.toMatch(/at .*\.ts:\d+/);
      expect(await activeOrderCount()).toBe(before);
    });

    it('names every offending line in the details', async () => {
      const answer = await tenant.rest('POST', '/orders', {
        items: [
          { menu_item_id: 'burger_1', quantity: 1 },
          { menu_item_id: 'caviar', quantity: 1 },
          { menu_item_id: 'truffe', quantity: 1 },
        ],
      });
      expect(answer.status).toBe(422);
      expect(answer.body.error.details.map((d: { field: string }) => d.field)).toEqual([
        'items[1].menu_item_id',
        'items[2].menu_item_id',
      ]);
    });

    it('malformed JSON is a 400', async () => {
      const answer = await platform.request('POST', '/api/v1/orders', {
        raw: '{"items": [',
        headers: { authorization: `Bearer ${tenant.token}`, 'content-type': 'application/json' },
      });
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe('malformed_json');
    });

    it('a body that is not JSON is a 415', async () => {
      const answer = await platform.request('POST', '/api/v1/orders', {
        raw: 'table_id=12',
        headers: {
          authorization: `Bearer ${tenant.token}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
      });
      expect(answer.status).toBe(415);
      expect(answer.body.error.code).toBe('unsupported_media_type');
    });

    it('a body over the limit is a 413', async () => {
      const huge = JSON.stringify({
        items: [{ menu_item_id: 'burger_1', quantity: 1, notes: 'x'.repeat(6 * 1024 * 1024) }],
      });
      const answer = await platform.request('POST', '/api/v1/orders', {
        raw: huge,
        headers: { authorization: `Bearer ${tenant.token}`, 'content-type': 'application/json' },
      });
      expect(answer.status).toBe(413);
      expect(answer.body.error.code).toBe('payload_too_large');
    });
  });
});

describe('GET /api/v1/orders and /orders/{id}', () => {
  it('reads an order back exactly as it was answered at creation', async () => {
    const created = await tenant.rest('POST', '/orders', SPEC_ORDER);
    const read = await tenant.rest('GET', `/orders/${created.body.order_id}`);
    expect(read.status).toBe(200);
    expect(read.text).toBe(created.text);
    expect(read.headers.get('etag')).toBe('"1"');
  });

  it('an unknown order is a 404 in the envelope', async () => {
    for (const id of ['ord_00000000000000000000000000', 'nothing', 'itm_0000']) {
      const answer = await tenant.rest('GET', `/orders/${id}`);
      expect(answer.status).toBe(404);
      expect(answer.body.error).toMatchObject({ code: 'order_not_found', details: { id } });
    }
  });

  it('lists the active orders only, filtered and paginated by cursor', async () => {
    const own = await platform.tenant();
    const ids: string[] = [];
    for (const table of ['1', '1', '2', '3', '1']) {
      const answer = await own.rest('POST', '/orders', {
        table_id: table,
        server_id: table === '3' ? 'server_b' : 'server_a',
        items: [{ menu_item_id: 'cafe', quantity: 1 }],
      });
      ids.push(answer.body.order_id);
    }
    await own.rest('PATCH', `/orders/${ids[1]}/status`, { status: 'cancelled' });

    const all = await own.rest('GET', '/orders');
    expect(all.body).toMatchObject({ has_more: false, next_cursor: null });
    expect(all.body.data.map((o: { order_id: string }) => o.order_id)).toEqual([
      ids[0],
      ids[2],
      ids[3],
      ids[4],
    ]);

    const table1 = await own.rest('GET', '/orders?table_id=1');
    expect(table1.body.data.map((o: { order_id: string }) => o.order_id)).toEqual([ids[0], ids[4]]);
    const serverB = await own.rest('GET', '/orders?server_id=server_b');
    expect(serverB.body.data.map((o: { order_id: string }) => o.order_id)).toEqual([ids[3]]);
    const cancelled = await own.rest('GET', '/orders?status=cancelled');
    expect(cancelled.body.data.map((o: { order_id: string }) => o.order_id)).toEqual([ids[1]]);
    const several = await own.rest('GET', '/orders?status=created,cancelled');
    expect(several.body.data).toHaveLength(5);

    const page1 = await own.rest('GET', '/orders?limit=3');
    expect(page1.body.data).toHaveLength(3);
    expect(page1.body).toMatchObject({ has_more: true, next_cursor: ids[3] });
    const page2 = await own.rest('GET', `/orders?limit=3&cursor=${page1.body.next_cursor}`);
    expect(page2.body.data.map((o: { order_id: string }) => o.order_id)).toEqual([ids[4]]);
    expect(page2.body).toMatchObject({ has_more: false, next_cursor: null });
  });

  it('refuses bad list parameters with 422', async () => {
    for (const query of [
      'status=lost',
      'limit=0',
      'limit=101',
      'limit=abc',
      'cursor=xyz',
      'colour=red',
    ]) {
      const answer = await tenant.rest('GET', `/orders?${query}`);
      expect(answer.status).toBe(422);
      expect(answer.body.error.code).toBe('invalid_field');
    }
  });
});

describe('changing an order', () => {
  const create = async () => (await tenant.rest('POST', '/orders', SPEC_ORDER)).body;

  it('PUT replaces table, server and items while nothing is started, and re-prices', async () => {
    const order = await create();
    const answer = await tenant.rest('PUT', `/orders/${order.order_id}`, {
      table_id: '7',
      server_id: 'server_1',
      items: [
        {
          menu_item_id: 'croque_monsieur',
          quantity: 2,
          modifiers: ['add_egg'],
          notes: 'bien doré',
        },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      order_id: order.order_id,
      table_id: '7',
      server_id: 'server_1',
      version: 2,
    });
    expect(answer.body.items).toHaveLength(1);
    expect(answer.body.items[0]).toMatchObject({
      name: 'Croque-monsieur',
      unit_price: 12.5,
      quantity: 2,
      notes: 'bien doré',
    });
    expect(answer.text).toContain('"subtotal":25.00,"tax":2.50,"total":27.50');
    expect(answer.headers.get('etag')).toBe('"2"');
  });

  it('PUT is refused once the kitchen has started: 409 order_not_editable', async () => {
    const order = await create();
    const item = order.items[0].item_id;
    expect(
      (
        await tenant.rest('PATCH', `/orders/${order.order_id}/items/${item}/status`, {
          status: 'preparing',
        })
      ).status,
    ).toBe(200);
    const answer = await tenant.rest('PUT', `/orders/${order.order_id}`, SPEC_ORDER);
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('order_not_editable');
    const read = await tenant.rest('GET', `/orders/${order.order_id}`);
    expect(read.body.items).toHaveLength(2);
    expect(read.body.version).toBe(2);
  });

  it('POST /items adds lines in the creation shape and re-prices', async () => {
    const order = await create();
    const answer = await tenant.rest('POST', `/orders/${order.order_id}/items`, {
      items: [{ menu_item_id: 'creme_brulee', quantity: 2, modifiers: [], notes: '' }],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.items.map((i: { menu_item_id: string }) => i.menu_item_id)).toEqual([
      'burger_1',
      'fries_regular',
      'creme_brulee',
    ]);
    expect(answer.text).toContain('"subtotal":32.00,"tax":3.20,"total":35.20');
  });

  it('POST /items refuses bad lines and leaves the order as it was', async () => {
    const order = await create();
    for (const items of [
      [],
      [{ menu_item_id: 'burger_1', quantity: 0 }],
      [{ menu_item_id: 'nope', quantity: 1 }],
    ]) {
      const answer = await tenant.rest('POST', `/orders/${order.order_id}/items`, { items });
      expect(answer.status).toBe(422);
    }
    const read = await tenant.rest('GET', `/orders/${order.order_id}`);
    expect(read.text).toBe((await tenant.rest('GET', `/orders/${order.order_id}`)).text);
    expect(read.body.version).toBe(1);
    expect(read.body.items).toHaveLength(2);
  });

  it('walks the life of an order through PATCH /status', async () => {
    const order = await create();
    let version = 1;
    for (const status of ['in_progress', 'ready', 'served', 'paid', 'closed']) {
      const answer = await tenant.rest('PATCH', `/orders/${order.order_id}/status`, { status });
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ status, version: ++version });
    }
  });

  it('an illegal status change is a 409 that names the allowed ones', async () => {
    const order = await create();
    const answer = await tenant.rest('PATCH', `/orders/${order.order_id}/status`, {
      status: 'paid',
    });
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({
      code: 'illegal_transition',
      details: { from: 'created', to: 'paid', allowed: ['in_progress', 'cancelled'] },
    });
    expect((await tenant.rest('GET', `/orders/${order.order_id}`)).body.status).toBe('created');
  });

  it('cancelling cancels the lines the kitchen has not finished and zeroes the totals', async () => {
    const order = await create();
    const answer = await tenant.rest('PATCH', `/orders/${order.order_id}/status`, {
      status: 'cancelled',
    });
    expect(answer.body.items.map((i: { status: string }) => i.status)).toEqual([
      'cancelled',
      'cancelled',
    ]);
    expect(answer.text).toContain('"subtotal":0.00,"tax":0.00,"total":0.00');
    const more = await tenant.rest('POST', `/orders/${order.order_id}/items`, {
      items: [{ menu_item_id: 'cafe', quantity: 1 }],
    });
    expect(more.status).toBe(409);
    expect(more.body.error.code).toBe('order_not_editable');
  });

  it('adding items to a served order sends it back to the kitchen', async () => {
    const order = await create();
    for (const status of ['in_progress', 'ready', 'served']) {
      await tenant.rest('PATCH', `/orders/${order.order_id}/status`, { status });
    }
    const answer = await tenant.rest('POST', `/orders/${order.order_id}/items`, {
      items: [{ menu_item_id: 'tarte_tatin', quantity: 1 }],
    });
    expect(answer.body.status).toBe('in_progress');
  });

  it('If-Match guards against lost updates: 412 on a stale version', async () => {
    const order = await create();
    const first = await tenant.rest(
      'PATCH',
      `/orders/${order.order_id}/status`,
      { status: 'in_progress' },
      { 'if-match': '"1"' },
    );
    expect(first.status).toBe(200);
    const stale = await tenant.rest(
      'POST',
      `/orders/${order.order_id}/items`,
      { items: [{ menu_item_id: 'cafe', quantity: 1 }] },
      { 'if-match': '"1"' },
    );
    expect(stale.status).toBe(412);
    expect(stale.body.error).toMatchObject({
      code: 'stale_version',
      details: { expected_version: 1, current_version: 2 },
    });
    const bad = await tenant.rest(
      'PATCH',
      `/orders/${order.order_id}/status`,
      { status: 'ready' },
      { 'if-match': 'yesterday' },
    );
    expect(bad.status).toBe(400);
  });

  it('concurrent changes are serialised: every one lands, versions do not collide', async () => {
    const order = await create();
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        tenant.rest('POST', `/orders/${order.order_id}/items`, {
          items: [{ menu_item_id: 'cafe', quantity: 1 }],
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.body.version)).size).toBe(6);
    const read = await tenant.rest('GET', `/orders/${order.order_id}`);
    expect(read.body.items).toHaveLength(8);
    expect(read.body.version).toBe(7);
  });

  it('refuses a bad status value and an unknown item with clear codes', async () => {
    const order = await create();
    const bad = await tenant.rest('PATCH', `/orders/${order.order_id}/status`, { status: 'eaten' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('invalid_field');
    const unknownItem = await tenant.rest(
      'PATCH',
      `/orders/${order.order_id}/items/itm_nope/status`,
      { status: 'ready' },
    );
    expect(unknownItem.status).toBe(404);
    expect(unknownItem.body.error.code).toBe('order_item_not_found');
    const unknownOrder = await tenant.rest('PATCH', '/orders/ord_nope/status', { status: 'ready' });
    expect(unknownOrder.status).toBe(404);
  });
});
