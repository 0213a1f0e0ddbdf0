import Fastify, { type FastifyInstance } from 'fastify';
import {
  bootTestPlatform,
  SPEC_ORDER,
  type HttpAnswer,
  type TestPlatform,
  type TestTenant,
} from '../../test/support/test-platform';
import { installCompression, negotiateEncoding } from '../src/http/compression';
import { installHttpCaching } from '../src/http/http-caching';

let platform: TestPlatform;
let tenant: TestTenant;

beforeAll(async () => {
  platform = await bootTestPlatform();
  tenant = await platform.tenant();
});
afterAll(() => platform?.stop());

const BOOKING = {
  customer_name: 'Camille Martin',
  party_size: 2,
  start_time: '2030-06-14T19:00:00Z',
};
const identity = { 'accept-encoding': 'identity' };

async function newOrder(on: TestTenant = tenant) {
  const created = await on.rest('POST', '/orders', SPEC_ORDER);
  expect(created.status).toBe(201);
  return created;
}

describe('validators and conditional requests', () => {
  it('a single order answers a strong ETag from its version and Last-Modified; 304 when unchanged', async () => {
    const { body: order } = await newOrder();
    const path = `/orders/${order.order_id}`;
    const got = await tenant.rest('GET', path);
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe(`"${order.version}"`);
    expect(new Date(got.headers.get('last-modified')!).getTime()).toBe(
      Math.floor(Date.parse(order.updated_at) / 1000) * 1000,
    );

    const same = await tenant.rest('GET', path, undefined, {
      'if-none-match': `"${order.version}"`,
    });
    expect(same.status).toBe(304);
    expect(same.text).toBe('');
    expect(same.headers.get('etag')).toBe(`"${order.version}"`);
    expect(same.headers.get('cache-control')).toBe('private, no-cache');

    const weakToo = await tenant.rest('GET', path, undefined, {
      'if-none-match': `W/"${order.version}", "x"`,
    });
    expect(weakToo.status).toBe(304);
    const other = await tenant.rest('GET', path, undefined, { 'if-none-match': '"999"' });
    expect(other.status).toBe(200);
    expect(other.body.order_id).toBe(order.order_id);

    const since = await tenant.rest('GET', path, undefined, {
      'if-modified-since': got.headers.get('last-modified')!,
    });
    expect(since.status).toBe(304);
    const before = await tenant.rest('GET', path, undefined, {
      'if-modified-since': new Date(Date.parse(order.updated_at) - 60_000).toUTCString(),
    });
    expect(before.status).toBe(200);
  });

  it('a reservation and a stock item answer validators too', async () => {
    const stocked = await platform.tenant({ stock: true });
    const reservation = (await stocked.rest('POST', '/reservations', BOOKING)).body;
    const got = await stocked.rest('GET', `/reservations/${reservation.reservation_id}`);
    expect(got.headers.get('etag')).toBe(`"${reservation.version}"`);
    expect(got.headers.get('last-modified')).toBeTruthy();

    const [item] = (await stocked.rest('GET', '/inventory/items?limit=1')).body.data;
    const single = await stocked.rest('GET', `/inventory/items/${item.item_id}`);
    const etag = single.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(single.headers.get('last-modified')).toBeTruthy();
    const unchanged = await stocked.rest('GET', `/inventory/items/${item.item_id}`, undefined, {
      'if-none-match': etag,
    });
    expect(unchanged.status).toBe(304);
    // The stock moves: the representation, hence its ETag, changes.
    await stocked.rest('POST', '/inventory/movements', {
      item_id: item.item_id,
      type: 'receipt',
      quantity: 1,
    });
    const moved = await stocked.rest('GET', `/inventory/items/${item.item_id}`, undefined, {
      'if-none-match': etag,
    });
    expect(moved.status).toBe(200);
    expect(moved.headers.get('etag')).not.toBe(etag);
  });

  it('a payment and a webhook endpoint answer a strong ETag and Last-Modified; 304 when unchanged', async () => {
    const owner = await platform.tenant({ role: 'admin' });
    const order = (await owner.rest('POST', '/orders', SPEC_ORDER)).body;
    const payment = await owner.rest('POST', '/payments', {
      order_id: order.order_id,
      method: 'cash',
      amount: 5,
    });
    const webhook = await owner.rest('POST', '/webhooks', {
      event: 'reservation.arrived',
      target_url: 'http://127.0.0.1:9/hooks',
    });
    for (const path of [
      `/payments/${payment.body.payment_id}`,
      `/webhooks/${webhook.body.webhook_id}`,
    ]) {
      const first = await owner.rest('GET', path);
      const etag = first.headers.get('etag')!;
      expect({ path, etag }).toEqual({ path, etag: expect.stringMatching(/^"[\w-]{27}"$/) });
      expect(first.headers.get('last-modified')).toBeTruthy();
      const unchanged = await owner.rest('GET', path, undefined, { 'if-none-match': etag });
      expect(unchanged.status).toBe(304);
      expect(unchanged.text).toBe('');
    }
    // A refund changes the payment: its ETag with it.
    const path = `/payments/${payment.body.payment_id}`;
    const before = (await owner.rest('GET', path)).headers.get('etag')!;
    await owner.rest('POST', `${path}/refund`, { amount: 1 });
    const refunded = await owner.rest('GET', path, undefined, { 'if-none-match': before });
    expect(refunded.status).toBe(200);
    expect(refunded.body.refunded).toBe(1);
    expect(refunded.headers.get('etag')).not.toBe(before);
  });

  it('a stale If-Match is a 412 and changes nothing; the current one goes through', async () => {
    const { body: order } = await newOrder();
    const path = `/orders/${order.order_id}`;
    const changed = await tenant.rest(
      'PATCH',
      `${path}/status`,
      { status: 'in_progress' },
      {
        'if-match': `"${order.version}"`,
      },
    );
    expect(changed.status).toBe(200);
    const current = changed.headers.get('etag')!;
    expect(current).toBe(`"${order.version + 1}"`);

    const before = await tenant.rest('GET', path);
    const stale = await tenant.rest(
      'PUT',
      path,
      { ...SPEC_ORDER, table_id: '99' },
      {
        'if-match': `"${order.version}"`,
      },
    );
    expect(stale.status).toBe(412);
    expect(stale.body.error.code).toBe('stale_version');
    expect(stale.headers.get('cache-control')).toBe('no-store');
    const after = await tenant.rest('GET', path);
    expect(after.text).toBe(before.text);

    const staleStatus = await tenant.rest(
      'PATCH',
      `${path}/status`,
      { status: 'ready' },
      {
        'if-match': `"${order.version}"`,
      },
    );
    expect(staleStatus.status).toBe(412);

    const reservation = (await tenant.rest('POST', '/reservations', BOOKING)).body;
    const staleBooking = await tenant.rest(
      'PUT',
      `/reservations/${reservation.reservation_id}`,
      { ...BOOKING, party_size: 3 },
      { 'if-match': `"${reservation.version + 5}"` },
    );
    expect(staleBooking.status).toBe(412);
    const kept = await tenant.rest('GET', `/reservations/${reservation.reservation_id}`);
    expect(kept.body.party_size).toBe(2);
  });

  it('If-Match on a write that cannot check it is refused, not ignored', async () => {
    const stocked = await platform.tenant({ stock: true });
    const [item] = (await stocked.rest('GET', '/inventory/items?limit=1')).body.data;
    const refused = await stocked.rest(
      'PATCH',
      `/inventory/items/${item.item_id}/stock`,
      { quantity: 1 },
      {
        'if-match': '"1"',
      },
    );
    expect(refused.status).toBe(400);
    const after = await stocked.rest('GET', `/inventory/items/${item.item_id}`);
    expect(after.body.quantity).toBe(item.quantity);
  });

  it('collections answer a weak ETag, and 304 on it', async () => {
    await newOrder();
    const list = await tenant.rest('GET', '/orders');
    const etag = list.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"[\w-]{27}"$/);
    const unchanged = await tenant.rest('GET', '/orders', undefined, { 'if-none-match': etag });
    expect(unchanged.status).toBe(304);
    await newOrder();
    const changed = await tenant.rest('GET', '/orders', undefined, { 'if-none-match': etag });
    expect(changed.status).toBe(200);
  });
});

describe('cache directives', () => {
  it('tenant data is private, no-cache and varies with Authorization; writes, errors and tokens are no-store', async () => {
    const { body: order, headers: created } = await newOrder();
    const reads = [
      await tenant.rest('GET', '/orders'),
      await tenant.rest('GET', `/orders/${order.order_id}`),
      await tenant.rest('GET', '/reservations'),
      await tenant.rest('GET', '/inventory/alerts'),
    ];
    for (const read of reads) {
      expect(read.status).toBe(200);
      expect(read.headers.get('cache-control')).toBe('private, no-cache');
      expect(read.headers.get('vary')).toMatch(/\bAuthorization\b/);
    }
    expect(created.get('cache-control')).toBe('no-store');
    const token = await platform.request('POST', '/api/v1/auth/token', {
      body: { api_key: tenant.apiKey },
    });
    const errors = [
      await tenant.rest('GET', '/orders/ord_nope'),
      await platform.request('GET', '/api/v1/orders'),
      await tenant.rest('POST', '/orders', { items: 'no' }),
      await platform.request('POST', '/api/v1/auth/token', {
        body: { api_key: 'sk_wrong_key_000' },
      }),
    ];
    expect(errors.map((error) => error.status)).toEqual([404, 401, 422, 401]);
    for (const answer of [token, ...errors]) {
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
  });

  it('a route may declare a short cache (menus, payment methods)', async () => {
    const app = Fastify();
    installHttpCaching(app);
    app.get('/menu', { config: { cache: 'short' } }, async () => ({ items: [] }));
    app.get('/live', async () => ({ now: 1 }));
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const menu = await fetch(`${url}/menu`);
      expect(menu.headers.get('cache-control')).toBe('private, max-age=60');
      const live = await fetch(`${url}/live`);
      expect(live.headers.get('cache-control')).toBe('private, no-cache');
    } finally {
      await app.close();
    }
  });
});

describe('versioning', () => {
  it('answers under /api/v1 carry the version; an unknown version is a 404 in the envelope', async () => {
    const ok = await tenant.rest('GET', '/orders');
    expect(ok.headers.get('sotto-api-version')).toBe('v1');
    const unknownRoute = await tenant.rest('GET', '/nowhere');
    expect(unknownRoute.status).toBe(404);
    expect(unknownRoute.headers.get('sotto-api-version')).toBe('v1');
    const v2 = await platform.request('GET', '/api/v2/orders', {
      headers: { authorization: `Bearer ${tenant.token}` },
    });
    expect(v2.status).toBe(404);
    expect(v2.body.error).toEqual({
      code: 'api_version_not_found',
      message: expect.stringContaining('v2'),
      request_id: expect.any(String),
      details: { supported_versions: ['v1'] },
    });
    expect(v2.headers.get('sotto-api-version')).toBeNull();
  });
});

describe('methods', () => {
  it('HEAD answers what GET answers, without the body', async () => {
    const { body: order } = await newOrder();
    for (const path of [`/orders/${order.order_id}`, '/orders', '/inventory/items']) {
      const get = await tenant.rest('GET', path, undefined, identity);
      const head = await tenant.rest('HEAD', path, undefined, identity);
      expect(head.status).toBe(get.status);
      expect(head.text).toBe('');
      for (const name of ['etag', 'content-type', 'content-length', 'cache-control', 'vary']) {
        expect([name, head.headers.get(name)]).toEqual([name, get.headers.get(name)]);
      }
    }
  });

  it('a method a resource does not support is a 405 with Allow; OPTIONS lists them', async () => {
    const cases: [string, string, string][] = [
      ['DELETE', '/api/v1/orders', 'GET, HEAD, POST, OPTIONS'],
      ['POST', '/api/v1/orders/ord_x', 'GET, HEAD, PUT, OPTIONS'],
      ['GET', '/api/v1/orders/ord_x/status', 'PATCH, OPTIONS'],
      ['PUT', '/graphql', 'GET, HEAD, POST, OPTIONS'],
    ];
    for (const [method, path, allow] of cases) {
      const refused = await platform.request(method, path);
      expect([path, refused.status]).toEqual([path, 405]);
      expect(refused.headers.get('allow')).toBe(allow);
      expect(refused.body.error.code).toBe('method_not_allowed');
      expect(refused.body.error.details).toEqual({ allow: allow.split(', ') });
      const options = await platform.request('OPTIONS', path);
      expect(options.status).toBe(204);
      expect(options.headers.get('allow')).toBe(allow);
    }
    expect((await platform.request('DELETE', '/api/v1/nowhere')).status).toBe(404);
  });

  it('with CORS on, OPTIONS (a preflight or not) still lists the methods in Allow', async () => {
    const cors = await bootTestPlatform({ SOTTO_CORS_ORIGINS: 'https://pos.example.com' });
    try {
      const preflight = await cors.request('OPTIONS', '/api/v1/orders', {
        headers: { origin: 'https://pos.example.com', 'access-control-request-method': 'POST' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('https://pos.example.com');
      expect(preflight.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
      const bare = await cors.request('OPTIONS', '/api/v1/orders/ord_x');
      expect(bare.headers.get('allow')).toBe('GET, HEAD, PUT, OPTIONS');
      expect((await cors.request('DELETE', '/api/v1/orders')).status).toBe(405);
    } finally {
      await cors.stop();
    }
  });

  it('a 201 says where the new resource is', async () => {
    const { body: order, headers } = await newOrder();
    expect(headers.get('location')).toBe(`/api/v1/orders/${order.order_id}`);
    const reservation = await tenant.rest('POST', '/reservations', { ...BOOKING, party_size: 4 });
    expect(reservation.status).toBe(201);
    expect(reservation.headers.get('location')).toBe(
      `/api/v1/reservations/${reservation.body.reservation_id}`,
    );
    const followed = await tenant.rest('GET', headers.get('location')!.replace('/api/v1', ''));
    expect(followed.body.order_id).toBe(order.order_id);
  });
});

describe('large answers and pagination', () => {
  it('large answers are compressed as the client asks, small ones are not', async () => {
    const own = await platform.tenant();
    for (let i = 0; i < 3; i += 1) await newOrder(own);
    const plain = await own.rest('GET', '/orders', undefined, identity);
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.text.length).toBeGreaterThan(1024);
    for (const encoding of ['gzip', 'br']) {
      const packed = await own.rest('GET', '/orders', undefined, { 'accept-encoding': encoding });
      expect(packed.headers.get('content-encoding')).toBe(encoding);
      expect(packed.headers.get('vary')).toMatch(/Accept-Encoding/);
      // fetch decodes it: the same JSON, and the same ETag as the identity answer.
      expect(packed.text).toBe(plain.text);
      expect(packed.headers.get('etag')).toBe(plain.headers.get('etag'));
    }
    const small = await own.rest('GET', '/inventory/alerts', undefined, {
      'accept-encoding': 'gzip',
    });
    expect(small.headers.get('content-encoding')).toBeNull();
  });

  it('encoding negotiation honours q-values', () => {
    expect(negotiateEncoding('gzip, deflate, br')).toBe('br');
    expect(negotiateEncoding('br;q=0, gzip')).toBe('gzip');
    expect(negotiateEncoding('gzip;q=0.5, br;q=0.8')).toBe('br');
    expect(negotiateEncoding('identity')).toBeNull();
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding(undefined)).toBeNull();
  });

  it('a paginated collection gives the next cursor in the body and a Link header', async () => {
    const own = await platform.tenant();
    const ids = [];
    for (let i = 0; i < 3; i += 1) ids.push((await newOrder(own)).body.order_id);
    const seen: string[] = [];
    let path: string | null = '/api/v1/orders?limit=2&status=created';
    let pages = 0;
    while (path) {
      const page: HttpAnswer = await own.rest('GET', path.replace('/api/v1', ''));
      pages += 1;
      seen.push(...page.body.data.map((o: { order_id: string }) => o.order_id));
      const link = page.headers.get('link');
      if (page.body.has_more) {
        expect(link).toMatch(
          /^<\/api\/v1\/orders\?limit=2&status=created&cursor=[^>]+>; rel="next"$/,
        );
        path = /^<([^>]+)>/.exec(link!)![1]!;
        expect(new URL(path, 'http://localhost').searchParams.get('cursor')).toBe(
          page.body.next_cursor,
        );
      } else {
        expect(link).toBeNull();
        expect(page.body.next_cursor).toBeNull();
        path = null;
      }
    }
    expect(pages).toBe(2);
    expect(seen.sort()).toEqual(ids.sort());
  });
});

describe('compression without the platform', () => {
  let app: FastifyInstance;
  afterEach(() => app?.close());

  it('leaves non-text answers alone', async () => {
    app = Fastify();
    installCompression(app);
    app.get('/bin', async (_request, reply) =>
      reply.type('application/octet-stream').send(Buffer.alloc(4096)),
    );
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    const answer = await fetch(`${url}/bin`, { headers: { 'accept-encoding': 'gzip' } });
    expect(answer.headers.get('content-encoding')).toBeNull();
  });
});
