import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLInputType,
} from 'graphql';
import { loadSubgraphTypeDefs } from '../../platform/src/graphql/subgraph-server';
import { SCOPES } from '../../platform/src/tenancy/permissions';
import {
  SPEC_ORDER,
  bootTestPlatform,
  type TestPlatform,
  type TestTenant,
} from '../support/test-platform';

/**
 * Every role and every integrator scope against every root field of every subgraph and every
 * REST route. The operations come from the schemas and the gateway's route table, so a new
 * operation without a row below fails the test before anybody forgets to give it a rule.
 */

const SUBGRAPHS = [
  'identity',
  'menu',
  'orders',
  'reservations',
  'inventory',
  'payments',
  'webhooks',
];

/** Who may call each operation: roles, then the integrator scopes that open it. */
const GRAPHQL_ACCESS: Record<string, string> = {
  'Query.viewer': 'admin manager server kitchen | every scope',
  'Query.menuItem': 'admin manager server kitchen | every scope',
  'Query.menuItems': 'admin manager server kitchen | every scope',
  'Query.order': 'admin manager server kitchen | orders:read',
  'Query.orders': 'admin manager server kitchen | orders:read',
  'Mutation.issueAccessToken': 'anyone',
  'Mutation.loadSampleMenu': 'admin manager | no scope',
  'Mutation.createOrder': 'admin manager server | orders:write',
  'Mutation.replaceOrder': 'admin manager server | orders:write',
  'Mutation.addOrderItems': 'admin manager server | orders:write',
  'Mutation.changeOrderStatus': 'admin manager server | orders:write',
  'Mutation.changeOrderItemStatus': 'admin manager server kitchen | orders:write',
  // Reservations carry guests' names and phone numbers: not the kitchen's business.
  'Query.reservation': 'admin manager server | reservations:read',
  'Query.reservations': 'admin manager server | reservations:read',
  'Query.tables': 'admin manager server | reservations:read',
  'Query.tableAvailability': 'admin manager server | reservations:read',
  'Mutation.createReservation': 'admin manager server | reservations:write',
  'Mutation.updateReservation': 'admin manager server | reservations:write',
  'Mutation.changeReservationStatus': 'admin manager server | reservations:write',
  // A calendar feed's token is its credential: calendars subscribe without an access token.
  'Query.calendarFeed': 'anyone',
  'Query.calendarFeeds': 'admin manager server | reservations:read',
  'Mutation.createCalendarFeed': 'admin manager server | reservations:write',
  'Mutation.revokeCalendarFeed': 'admin manager server | reservations:write',
  // Connecting a booking platform is the manager's: it brings bookings into the floor plan.
  'Query.bookingChannels': 'admin manager | no scope',
  'Mutation.connectBookingChannel': 'admin manager | no scope',
  'Mutation.disconnectBookingChannel': 'admin manager | no scope',
  // A connection's token is its credential: platforms post without an access token.
  'Mutation.receiveChannelNotification': 'anyone',
  // The floor is read by whoever books; only managers change it.
  'Query.serviceSettings': 'admin manager server | reservations:read',
  'Mutation.setTable': 'admin manager | no scope',
  'Mutation.removeTable': 'admin manager | no scope',
  'Mutation.setServiceSettings': 'admin manager | no scope',
  // Stock is read by the floor (servers) but not the kitchen role; changed by managers.
  'Query.inventoryItem': 'admin manager server | inventory:read',
  'Query.inventoryItems': 'admin manager server | inventory:read',
  'Query.inventoryAlerts': 'admin manager server | inventory:read',
  'Query.stockShortages': 'admin manager server | orders:write',
  'Mutation.createInventoryItem': 'admin manager | inventory:write',
  'Mutation.recordStockMovement': 'admin manager | inventory:write',
  'Mutation.setStockLevel': 'admin manager | inventory:write',
  'Mutation.setRecipe': 'admin manager | inventory:write',
  // Where a restaurant's data is sent: the admin role, or a key given webhooks:manage.
  'Query.webhook': 'admin | webhooks:manage',
  'Query.webhooks': 'admin | webhooks:manage',
  'Mutation.createWebhook': 'admin | webhooks:manage',
  'Mutation.deleteWebhook': 'admin | webhooks:manage',
  'Mutation.rotateWebhookSecret': 'admin | webhooks:manage',
  'Mutation.enableWebhook': 'admin | webhooks:manage',
  'Mutation.sendTestWebhook': 'admin | webhooks:manage',
  'Mutation.redeliverWebhook': 'admin | webhooks:manage',
  // Payments read the bill through orders, as whoever takes or refunds the payment.
  'Query.orderBill': 'admin manager server kitchen | orders:read payments:write payments:refund',
  'Query.payment': 'admin manager server | payments:write payments:refund',
  'Query.paymentMethods': 'admin manager server | payments:write payments:refund',
  'Mutation.createPayment': 'admin manager server | payments:write',
  'Mutation.refundPayment': 'admin manager | payments:refund',
  // Provider credentials are the restaurant's: managers only, never an integrator key.
  'Mutation.configureTerminalProvider': 'admin manager | no scope',
};

const REST_ACCESS: Record<string, string> = {
  'POST /api/v1/auth/token': 'anyone',
  // A key's own calls: every key may read them (logs:read), they show nothing it did not send.
  'GET /api/v1/logs': 'admin manager server kitchen | every scope',
  'GET /api/v1/orders': 'admin manager server kitchen | orders:read',
  'POST /api/v1/orders': 'admin manager server | orders:write',
  'GET /api/v1/orders/:id': 'admin manager server kitchen | orders:read',
  'PUT /api/v1/orders/:id': 'admin manager server | orders:write',
  'PATCH /api/v1/orders/:id/status': 'admin manager server | orders:write',
  'POST /api/v1/orders/:id/items': 'admin manager server | orders:write',
  'PATCH /api/v1/orders/:id/items/:itemId/status': 'admin manager server kitchen | orders:write',
  'GET /api/v1/reservations': 'admin manager server | reservations:read',
  'POST /api/v1/reservations': 'admin manager server | reservations:write',
  'GET /api/v1/reservations/:id': 'admin manager server | reservations:read',
  'PUT /api/v1/reservations/:id': 'admin manager server | reservations:write',
  'PATCH /api/v1/reservations/:id/status': 'admin manager server | reservations:write',
  'GET /api/v1/tables/availability': 'admin manager server | reservations:read',
  'GET /api/v1/calendar/:token.ics': 'anyone',
  'POST /api/v1/channels/:channel/connections': 'admin manager | no scope',
  'GET /api/v1/channels/connections': 'admin manager | no scope',
  'DELETE /api/v1/channels/connections/:id': 'admin manager | no scope',
  'POST /api/v1/channels/:channel/notifications': 'anyone',
  'GET /api/v1/tables': 'admin manager server | reservations:read',
  'PUT /api/v1/tables/:id': 'admin manager | no scope',
  'DELETE /api/v1/tables/:id': 'admin manager | no scope',
  'GET /api/v1/service-settings': 'admin manager server | reservations:read',
  'PUT /api/v1/service-settings': 'admin manager | no scope',
  'GET /api/v1/inventory/items': 'admin manager server | inventory:read',
  'GET /api/v1/inventory/items/:id': 'admin manager server | inventory:read',
  'GET /api/v1/inventory/alerts': 'admin manager server | inventory:read',
  'PATCH /api/v1/inventory/items/:id/stock': 'admin manager | inventory:write',
  'POST /api/v1/inventory/movements': 'admin manager | inventory:write',
  'GET /api/v1/webhooks': 'admin | webhooks:manage',
  'POST /api/v1/webhooks': 'admin | webhooks:manage',
  'GET /api/v1/webhooks/:id': 'admin | webhooks:manage',
  'DELETE /api/v1/webhooks/:id': 'admin | webhooks:manage',
  'POST /api/v1/webhooks/:id/rotate-secret': 'admin | webhooks:manage',
  'POST /api/v1/webhooks/:id/enable': 'admin | webhooks:manage',
  'POST /api/v1/webhooks/:id/test': 'admin | webhooks:manage',
  'GET /api/v1/webhooks/:id/deliveries': 'admin | webhooks:manage',
  'POST /api/v1/webhooks/:id/deliveries/:eventId/redeliver': 'admin | webhooks:manage',
  'POST /api/v1/payments': 'admin manager server | payments:write',
  'GET /api/v1/payments/methods': 'admin manager server | payments:write payments:refund',
  'GET /api/v1/payments/:id': 'admin manager server | payments:write payments:refund',
  'POST /api/v1/payments/:id/refund': 'admin manager | payments:refund',
  'GET /api/v1/openapi.json': 'anyone',
};

/** A Friday evening when the demo restaurant serves dinner. */
const RESERVATION = {
  customer_name: 'Camille Martin',
  party_size: 2,
  start_time: '2030-06-14T19:00:00Z',
};

/** A realistic body for each REST route, so an allowed call reaches its resolver. */
const REST_BODIES: Record<string, unknown> = {
  'POST /api/v1/auth/token': { api_key: 'the owner key, set before the calls' },
  'POST /api/v1/orders': SPEC_ORDER,
  'PUT /api/v1/orders/:id': SPEC_ORDER,
  'PATCH /api/v1/orders/:id/status': { status: 'in_progress' },
  'POST /api/v1/orders/:id/items': { items: SPEC_ORDER.items },
  'PATCH /api/v1/orders/:id/items/:itemId/status': { status: 'preparing' },
  'POST /api/v1/reservations': RESERVATION,
  'PUT /api/v1/reservations/:id': RESERVATION,
  'PATCH /api/v1/reservations/:id/status': { status: 'confirmed' },
  'PATCH /api/v1/inventory/items/:id/stock': { quantity: 12.5, reason: 'comptage du soir' },
  'PUT /api/v1/tables/:id': { capacity: 4, zone: 'salle' },
  'PUT /api/v1/service-settings': {
    time_zone: 'Europe/Paris',
    opening_hours: Object.fromEntries(
      ['1', '2', '3', '4', '5', '6', '7'].map((day) => [
        day,
        [
          ['12:00', '14:30'],
          ['19:00', '23:30'],
        ],
      ]),
    ),
    durations: [{ up_to: null, minutes: 120 }],
  },
  'POST /api/v1/inventory/movements': {
    item_id: 'set before the calls',
    type: 'receipt',
    quantity: 2,
  },
  'POST /api/v1/webhooks': { event: '*', target_url: 'http://127.0.0.1:9/hooks' },
  'POST /api/v1/webhooks/:id/rotate-secret': { overlap_seconds: 60 },
  'POST /api/v1/webhooks/:id/test': { event: 'order.created' },
  'POST /api/v1/payments': { order_id: 'set before each test', method: 'cash', amount: 0.5 },
  'POST /api/v1/payments/:id/refund': { amount: 0.01, reason: 'geste commercial' },
};

/** A realistic query string for the REST routes that take one. */
const REST_QUERIES: Record<string, string> = {
  'GET /api/v1/tables/availability': `?start_time=${RESERVATION.start_time}&party_size=2`,
};

interface Subject {
  name: string;
  role: 'admin' | 'manager' | 'server' | 'kitchen' | 'integrator' | 'anonymous';
  scopes: string[];
  tenant?: TestTenant;
}

const SUBJECTS: Subject[] = [
  { name: 'anonymous', role: 'anonymous', scopes: [] },
  ...(['admin', 'manager', 'server', 'kitchen'] as const).map((role) => ({
    name: role,
    role,
    scopes: [],
  })),
  ...SCOPES.map((scope) => ({
    name: `integrator[${scope}]`,
    role: 'integrator' as const,
    scopes: [scope],
  })),
];

function allows(access: string, subject: Subject): boolean {
  if (access === 'anyone') return true;
  if (subject.role === 'anonymous') return false;
  const [roles = '', scopes = ''] = access.split('|').map((part) => part.trim());
  if (subject.role === 'integrator') {
    if (scopes === 'no scope') return false;
    return scopes === 'every scope' || scopes.split(/\s+/).some((s) => subject.scopes.includes(s));
  }
  return roles.split(/\s+/).includes(subject.role);
}

/** Root fields of every subgraph, but the federation plumbing tested in entities tests. */
function rootFields() {
  const fields: { key: string; args: readonly GraphQLArgument[]; returnsObject: boolean }[] = [];
  for (const name of SUBGRAPHS) {
    const schema = buildSubgraphSchema([{ typeDefs: loadSubgraphTypeDefs(name) }]);
    for (const type of [schema.getQueryType(), schema.getMutationType()]) {
      for (const field of Object.values(type?.getFields() ?? {})) {
        if (field.name.startsWith('_')) continue;
        fields.push({
          key: `${type!.name}.${field.name}`,
          args: field.args,
          returnsObject: isObjectType(getNamedType(field.type)),
        });
      }
    }
  }
  return fields;
}

/** The /api/v1 routes as the gateway registered them, from fastify's route tree. */
function restRoutes(platform: TestPlatform): string[] {
  const tree = platform.platform.gateway!.app.printRoutes({ commonPrefix: false });
  const prefixes: string[] = [];
  const routes: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    prefixes.length = depth;
    const path = (prefixes[depth - 1] ?? '') + match[2];
    prefixes[depth] = path;
    for (const method of (match[3] ?? '').split(', ').filter(Boolean)) {
      if (path.startsWith('/api/v1/') && method !== 'HEAD' && method !== 'OPTIONS') {
        routes.push(`${method} ${path}`);
      }
    }
  }
  return routes;
}

// Every subject × every operation is hundreds of calls: more than 30 s on a busy machine.
jest.setTimeout(120_000);

let platform: TestPlatform;
let owner: TestTenant;
let orderId: string;
let itemId: string;
/** A stock item of the owner's restaurant, for the inventory routes' `:id`. */
let inventoryItemId: string;
/** A completed cash payment of the owner's restaurant, for the payments routes' `:id`. */
let paymentId: string;

/** A value of the right type for an argument, with real ids where the name asks for one. */
function sampleValue(name: string, type: GraphQLInputType): unknown {
  const known: Record<string, unknown> = {
    id: orderId,
    orderId,
    itemId,
    menuItemId: 'burger_1',
    apiKey: 'sk_sandbox_not_a_key_at_all_000000',
    quantity: 1,
    startTime: RESERVATION.start_time,
  };
  if (name in known) return known[name];
  const inner = getNullableType(type);
  if (isListType(inner)) return [sampleValue(name, inner.ofType)];
  if (isEnumType(inner)) return inner.getValues()[1]?.value ?? inner.getValues()[0]!.value;
  if (isInputObjectType(inner)) {
    return Object.fromEntries(
      Object.values(inner.getFields())
        .filter((field) => isNonNullType(field.type))
        .map((field) => [field.name, sampleValue(field.name, field.type)]),
    );
  }
  if (isScalarType(inner)) {
    return { Int: 1, Float: 1, Boolean: true }[inner.name] ?? 'x';
  }
  return null;
}

function operationFor(field: ReturnType<typeof rootFields>[number]) {
  const [operation, name] = field.key.split('.') as [string, string];
  const required = field.args.filter((arg) => isNonNullType(arg.type));
  const declarations = required.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(', ');
  const passing = required.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const query = `${operation.toLowerCase()}${declarations ? `(${declarations})` : ''} {
    ${name}${passing ? `(${passing})` : ''}${field.returnsObject ? ' { __typename }' : ''}
  }`;
  const variables = Object.fromEntries(
    required.map((arg) => [arg.name, sampleValue(arg.name, arg.type)]),
  );
  return { query, variables };
}

async function callGraphQL(subject: Subject, field: ReturnType<typeof rootFields>[number]) {
  const { query, variables } = operationFor(field);
  const headers: Record<string, string> = subject.tenant
    ? { authorization: `Bearer ${subject.tenant.token}` }
    : {};
  const answer = await platform.request('POST', '/graphql', {
    body: { query, variables },
    headers,
  });
  const codes: string[] = (answer.body?.errors ?? []).map((e: any) => e.extensions?.code);
  return { answer, codes };
}

async function callRest(subject: Subject, route: string) {
  const [method, template] = route.split(' ') as [string, string];
  const path = template
    .replace(':itemId', itemId)
    .replace(':channel', 'resy')
    .replace(
      ':id',
      template.startsWith('/api/v1/inventory/')
        ? inventoryItemId
        : template.startsWith('/api/v1/payments/')
          ? paymentId
          : orderId,
    );
  const headers: Record<string, string> = subject.tenant
    ? { authorization: `Bearer ${subject.tenant.token}` }
    : {};
  return platform.request(method, path + (REST_QUERIES[route] ?? ''), {
    body: REST_BODIES[route],
    headers,
  });
}

const orderSnapshot = async () => (await owner.rest('GET', `/orders/${orderId}`)).body;

beforeAll(async () => {
  platform = await bootTestPlatform();
  owner = await platform.tenant({ role: 'admin' });
  REST_BODIES['POST /api/v1/auth/token'] = { api_key: owner.apiKey };
  const flour = await owner.graphql(
    'mutation { createInventoryItem(input: { name: "Farine", unit: "kg", quantity: 25 }) { id } }',
  );
  inventoryItemId = flour.body.data.createInventoryItem.id;
  REST_BODIES['POST /api/v1/inventory/movements'] = {
    item_id: inventoryItemId,
    type: 'receipt',
    quantity: 2,
    reason: 'livraison',
  };
  const paid = await owner.rest('POST', '/orders', SPEC_ORDER);
  const payment = await owner.rest('POST', '/payments', {
    order_id: paid.body.order_id,
    method: 'cash',
  });
  paymentId = payment.body.payment_id;
  for (const subject of SUBJECTS) {
    if (subject.role === 'anonymous') continue;
    subject.tenant = await platform.tenant({
      restaurantId: owner.restaurantId,
      menu: false,
      role: subject.role,
      scopes: subject.scopes,
    });
  }
});

afterAll(() => platform?.stop());

beforeEach(async () => {
  const created = await owner.rest('POST', '/orders', SPEC_ORDER);
  orderId = created.body.order_id;
  itemId = created.body.items[0].item_id;
  REST_BODIES['POST /api/v1/payments'] = { order_id: orderId, method: 'cash', amount: 0.5 };
});

describe('the access tables cover every operation', () => {
  it('every GraphQL root field of every subgraph has a row, and every row a field', () => {
    const fields = rootFields()
      .map((field) => field.key)
      .sort();
    expect(fields).toEqual(Object.keys(GRAPHQL_ACCESS).sort());
  });

  it('every REST route has a row, and every row a route', () => {
    expect(restRoutes(platform).sort()).toEqual(Object.keys(REST_ACCESS).sort());
  });
});

describe('GraphQL: every subject × every root field', () => {
  it('denies with FORBIDDEN (or UNAUTHENTICATED when anonymous), and writes nothing', async () => {
    const before = await orderSnapshot();
    const ordersBefore = (await owner.rest('GET', '/orders?limit=100')).body.data.length;
    const outcomes: string[] = [];
    for (const field of rootFields()) {
      for (const subject of SUBJECTS) {
        if (allows(GRAPHQL_ACCESS[field.key]!, subject)) continue;
        const { codes } = await callGraphQL(subject, field);
        const expected = subject.tenant ? 'FORBIDDEN' : 'UNAUTHENTICATED';
        outcomes.push(
          `${subject.name} ${field.key}: ${codes.includes(expected) ? 'denied' : codes.join(',') || 'ALLOWED'}`,
        );
      }
    }
    expect(outcomes.filter((line) => !line.endsWith(': denied'))).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(50);
    expect(await orderSnapshot()).toEqual(before);
    expect((await owner.rest('GET', '/orders?limit=100')).body.data.length).toBe(ordersBefore);
  }, 120_000);

  it('lets every allowed subject through the shield', async () => {
    const refused: string[] = [];
    for (const field of rootFields()) {
      for (const subject of SUBJECTS) {
        if (!allows(GRAPHQL_ACCESS[field.key]!, subject)) continue;
        const { codes } = await callGraphQL(subject, field);
        if (codes.includes('FORBIDDEN') || codes.includes('UNAUTHENTICATED')) {
          refused.push(`${subject.name} ${field.key}: ${codes.join(',')}`);
        }
      }
    }
    expect(refused).toEqual([]);
  }, 120_000);
});

describe('REST: every subject × every route', () => {
  it('denies with 403 forbidden (401 when anonymous) in the envelope, and writes nothing', async () => {
    const before = await orderSnapshot();
    const ordersBefore = (await owner.rest('GET', '/orders?limit=100')).body.data.length;
    const outcomes: string[] = [];
    for (const route of Object.keys(REST_ACCESS)) {
      for (const subject of SUBJECTS) {
        if (allows(REST_ACCESS[route]!, subject)) continue;
        const answer = await callRest(subject, route);
        const [status, code] = subject.tenant ? [403, 'forbidden'] : [401, 'unauthenticated'];
        const denied = answer.status === status && answer.body?.error?.code === code;
        outcomes.push(`${subject.name} ${route}: ${denied ? 'denied' : answer.status}`);
      }
    }
    expect(outcomes.filter((line) => !line.endsWith(': denied'))).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(50);
    expect(await orderSnapshot()).toEqual(before);
    expect((await owner.rest('GET', '/orders?limit=100')).body.data.length).toBe(ordersBefore);
  }, 120_000);

  it('lets every allowed subject through', async () => {
    const refused: string[] = [];
    for (const route of Object.keys(REST_ACCESS)) {
      for (const subject of SUBJECTS) {
        if (!allows(REST_ACCESS[route]!, subject)) continue;
        const answer = await callRest(subject, route);
        if (answer.status === 401 || answer.status === 403) {
          refused.push(`${subject.name} ${route}: ${answer.status} ${answer.body?.error?.code}`);
        }
      }
    }
    expect(refused).toEqual([]);
  }, 120_000);

  it('a denial names the permission that was missing', async () => {
    const kitchen = SUBJECTS.find((subject) => subject.role === 'kitchen')!.tenant!;
    const answer = await kitchen.rest('POST', '/orders', SPEC_ORDER);
    expect(answer.status).toBe(403);
    expect(answer.body.error).toMatchObject({
      code: 'forbidden',
      details: { required: 'orders:write', role: 'kitchen' },
    });
  });
});

describe('sandbox-only features', () => {
  it('sample data loads for sandbox and staging admin keys and is refused to production keys', async () => {
    const mutation = 'mutation { loadSampleMenu }';
    const sandbox = await platform.tenant({ menu: false });
    const loaded = await sandbox.graphql(mutation);
    expect(loaded.body).toEqual({ data: { loadSampleMenu: expect.any(Number) } });
    expect(loaded.body.data.loadSampleMenu).toBeGreaterThan(10);
    expect((await sandbox.graphql(mutation)).body.data.loadSampleMenu).toBe(0);

    const staging = await platform.tenant({
      restaurantId: sandbox.restaurantId,
      environment: 'staging',
      menu: false,
    });
    expect((await staging.graphql(mutation)).body.data.loadSampleMenu).toBeGreaterThan(10);

    const production = await platform.tenant({
      restaurantId: sandbox.restaurantId,
      environment: 'production',
      menu: false,
    });
    const refused = await production.graphql(mutation);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'FORBIDDEN' });
    expect((await production.graphql('{ menuItems { id } }')).body.data.menuItems).toEqual([]);
  });
});
