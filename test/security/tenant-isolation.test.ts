import { Client } from 'pg';
import { encodeInternalContext } from '../../platform/src/tenancy/internal-context';
import {
  bootTestPlatform,
  SPEC_ORDER,
  testDatabaseUrl,
  type HttpAnswer,
  type TenantOptions,
  type TestPlatform,
  type TestTenant,
} from '../support/test-platform';

/**
 * Tenant isolation, table-driven: every operation on every resource (orders, order items, menu
 * items, the viewer, federation's `_entities`) × every relation of an attacker to the victim —
 * another restaurant in the same environment, another restaurant elsewhere, the same restaurant
 * in another environment. Another tenant's object is a 404 (`order_not_found`) or null, never a
 * 403, and never changes: the victim's order is compared in full (JSON, ETag, and its rows and
 * events in PostgreSQL) before and after each attempt.
 *
 * Adding a route or an operation means adding one row: to REST_ATTEMPTS or GRAPHQL_ATTEMPTS
 * (by id), LIST_ATTEMPTS (lists) or MENU_CHECKS (menu items, viewer); a new kind of attacker is
 * one row of RELATIONS. Each row runs against every relation.
 */
const INTERNAL_SECRET = 'tenant-isolation-internal-secret-0123456789';

let platform: TestPlatform;
let db: Client;
/** The victim: a sandbox restaurant with one order and a menu of its own. */
let victim: TestTenant;
let target: { orderId: string; itemId: string; tableId: string; serverId: string };

/** Who attacks, by relation to the victim. Each also has an order of its own. */
interface Relation {
  relation: string;
  options: (victim: TestTenant) => TenantOptions;
}
const RELATIONS: Relation[] = [
  { relation: 'another restaurant, same environment', options: () => ({}) },
  {
    relation: 'another restaurant, production',
    options: () => ({ environment: 'production' }),
  },
  {
    relation: 'the same restaurant, staging',
    options: (v) => ({ restaurantId: v.restaurantId, environment: 'staging' }),
  },
  {
    relation: 'the same restaurant, production',
    options: (v) => ({ restaurantId: v.restaurantId, environment: 'production' }),
  },
];
const attackers = new Map<string, { tenant: TestTenant; order: any }>();

/** The victim's own menu differs from the demo menu that every attacker has. */
const VICTIM_BURGER_NAME = 'Burger du Victime';
const VICTIM_ONLY_ITEM = 'victim_secret';

beforeAll(async () => {
  platform = await bootTestPlatform({ SOTTO_INTERNAL_SECRET: INTERNAL_SECRET });
  db = new Client({ connectionString: testDatabaseUrl() });
  await db.connect();

  victim = await platform.tenant();
  await db.query(
    `update menu.menu_items set name = $3, price_cents = 9900
      where restaurant_id = $1 and environment = $2 and code = 'burger_1'`,
    [victim.restaurantId, victim.environment, VICTIM_BURGER_NAME],
  );
  await db.query(
    `insert into menu.menu_items (uuid, restaurant_id, environment, code, name, description,
        category, price_cents, tax_rate_basis_points, station, modifiers, currency, active,
        created_at, updated_at)
      select gen_random_uuid(), restaurant_id, environment, $3, 'Plat secret', description,
        category, 4200, tax_rate_basis_points, station, '[]', currency, true, now(), now()
      from menu.menu_items
      where restaurant_id = $1 and environment = $2 and code = 'burger_1'`,
    [victim.restaurantId, victim.environment, VICTIM_ONLY_ITEM],
  );
  const created = await victim.rest('POST', '/orders', {
    ...SPEC_ORDER,
    table_id: 'T-victim',
    server_id: 'S-victim',
    items: [...SPEC_ORDER.items, { menu_item_id: VICTIM_ONLY_ITEM, quantity: 1 }],
  });
  expect(created.status).toBe(201);
  expect(created.body.items[0].name).toBe(VICTIM_BURGER_NAME);
  target = {
    orderId: created.body.order_id,
    itemId: created.body.items[0].item_id,
    tableId: 'T-victim',
    serverId: 'S-victim',
  };

  for (const { relation, options } of RELATIONS) {
    const tenant = await platform.tenant(options(victim));
    // Same table and server as the victim's order: the list filters have something to match.
    const own = await tenant.rest('POST', '/orders', {
      ...SPEC_ORDER,
      table_id: target.tableId,
      server_id: target.serverId,
    });
    expect(own.status).toBe(201);
    attackers.set(relation, { tenant, order: own.body });
  }
});
afterAll(async () => {
  await db?.end();
  await platform?.stop();
});

const attackerOf = (relation: string) => attackers.get(relation)!;

// ---------------------------------------------------------------------------------------------
// The victim's state, in full
// ---------------------------------------------------------------------------------------------

type VictimState = Awaited<ReturnType<typeof readVictimState>>;
/** What the previous case left: the state before the next one (cases run one at a time). */
let lastVictimState: VictimState | undefined;

/** The victim's state before a case: as the previous case left it, read once. */
async function victimBefore(): Promise<VictimState> {
  lastVictimState ??= await readVictimState();
  return lastVictimState;
}

/** The victim's state after a case, which the next case starts from. */
async function victimAfter(): Promise<VictimState> {
  lastVictimState = await readVictimState();
  return lastVictimState;
}

/** The victim's order as its owner sees it, and everything of the victim's in PostgreSQL. */
async function readVictimState() {
  const answer = await victim.rest('GET', `/orders/${target.orderId}`);
  expect(answer.status).toBe(200);
  const tenantOf = 'restaurant_id = $1 and environment = $2';
  const digest = (table: string) =>
    `(select coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from ${table} t where ${tenantOf})`;
  const { rows } = await db.query(
    `select (select count(*)::int from events.event_log where ${tenantOf}) as events,
      ${digest('orders.orders')} as orders, ${digest('orders.order_items')} as items,
      ${digest('menu.menu_items')} as menu`,
    [victim.restaurantId, victim.environment],
  );
  return { json: answer.body, etag: answer.headers.get('etag'), database: rows[0] };
}

function expectNotFoundEnvelope(answer: HttpAnswer, code = 'order_not_found'): void {
  expect({ status: answer.status, body: answer.body }).toEqual({
    status: 404,
    body: {
      error: {
        code,
        message: expect.any(String),
        request_id: answer.headers.get('x-request-id'),
        details: expect.anything(),
      },
    },
  });
}

function expectGraphQLNotFound(answer: HttpAnswer, field: string, code = 'ORDER_NOT_FOUND'): void {
  expect(answer.status).toBe(200);
  expect(answer.body.data?.[field] ?? null).toBeNull();
  expect(answer.body.errors).toEqual([
    expect.objectContaining({
      extensions: expect.objectContaining({ code }),
      path: [field],
    }),
  ]);
  expect(answer.body.errors[0].extensions).not.toHaveProperty('stacktrace');
}

// ---------------------------------------------------------------------------------------------
// Writes and reads of one order, by id
// ---------------------------------------------------------------------------------------------

interface Target {
  orderId: string;
  itemId: string;
  /** The victim's current version: a correct If-Match, so only tenancy can refuse. */
  version: number;
}

interface Attempt {
  name: string;
  run(attacker: TestTenant, target: Target, own: any): Promise<HttpAnswer>;
  expect(answer: HttpAnswer): void;
}

const ifMatch = (version: number) => ({ 'if-match': `"${version}"` });
const ADD = { items: [{ menu_item_id: 'cafe', quantity: 1 }] };

/** One REST route with and without If-Match. */
function restWrite(
  name: string,
  method: string,
  path: (t: Target) => string,
  body: unknown,
): Attempt[] {
  return [false, true].map((withIfMatch) => ({
    name: `REST ${name}${withIfMatch ? ' with If-Match' : ''}`,
    run: (attacker, t) =>
      attacker.rest(method, path(t), body, withIfMatch ? ifMatch(t.version) : {}),
    expect: (answer) => expectNotFoundEnvelope(answer),
  }));
}

const REST_ATTEMPTS: Attempt[] = [
  {
    name: 'REST GET /orders/{id}',
    run: (attacker, t) => attacker.rest('GET', `/orders/${t.orderId}`),
    expect: (answer) => expectNotFoundEnvelope(answer),
  },
  ...restWrite('PUT /orders/{id}', 'PUT', (t) => `/orders/${t.orderId}`, SPEC_ORDER),
  ...restWrite('POST /orders/{id}/items', 'POST', (t) => `/orders/${t.orderId}/items`, ADD),
  ...restWrite('PATCH /orders/{id}/status', 'PATCH', (t) => `/orders/${t.orderId}/status`, {
    status: 'cancelled',
  }),
  ...restWrite(
    'PATCH /orders/{id}/items/{item_id}/status',
    'PATCH',
    (t) => `/orders/${t.orderId}/items/${t.itemId}/status`,
    { status: 'preparing' },
  ),
  {
    name: "REST PATCH the victim's item through the attacker's own order",
    run: (attacker, t, own) =>
      attacker.rest('PATCH', `/orders/${own.order_id}/items/${t.itemId}/status`, {
        status: 'preparing',
      }),
    expect: (answer) => expectNotFoundEnvelope(answer, 'order_item_not_found'),
  },
];

const ORDER_FIELDS = 'id status version items { id status menuItem { id name } }';

function graphqlWrite(name: string, mutation: string, variables: (t: Target) => object): Attempt[] {
  return [false, true].map((withVersion) => ({
    name: `GraphQL ${name}${withVersion ? ' with expectedVersion' : ''}`,
    run: (attacker, t) =>
      attacker.graphql(mutation, {
        ...variables(t),
        expectedVersion: withVersion ? t.version : null,
      }),
    expect: (answer) => expectGraphQLNotFound(answer, name),
  }));
}

const GRAPHQL_ATTEMPTS: Attempt[] = [
  {
    name: 'GraphQL order(id)',
    run: (attacker, t) =>
      attacker.graphql(`query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`, {
        id: t.orderId,
      }),
    expect(answer) {
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({ order: null });
      for (const error of answer.body.errors ?? [])
        expect(['ORDER_NOT_FOUND', 'NOT_FOUND']).toContain(error.extensions.code);
    },
  },
  ...graphqlWrite(
    'replaceOrder',
    `mutation($id: ID!, $input: ReplaceOrderInput!, $expectedVersion: Int) {
      replaceOrder(id: $id, input: $input, expectedVersion: $expectedVersion) { ${ORDER_FIELDS} } }`,
    (t) => ({ id: t.orderId, input: { items: [{ menuItemId: 'cafe', quantity: 2 }] } }),
  ),
  ...graphqlWrite(
    'addOrderItems',
    `mutation($id: ID!, $items: [OrderItemInput!]!, $expectedVersion: Int) {
      addOrderItems(id: $id, items: $items, expectedVersion: $expectedVersion) { ${ORDER_FIELDS} } }`,
    (t) => ({ id: t.orderId, items: [{ menuItemId: 'cafe', quantity: 1 }] }),
  ),
  ...graphqlWrite(
    'changeOrderStatus',
    `mutation($id: ID!, $status: OrderStatus!, $expectedVersion: Int) {
      changeOrderStatus(id: $id, status: $status, expectedVersion: $expectedVersion) {
        ${ORDER_FIELDS} } }`,
    (t) => ({ id: t.orderId, status: 'CANCELLED' }),
  ),
  ...graphqlWrite(
    'changeOrderItemStatus',
    `mutation($orderId: ID!, $itemId: ID!, $status: OrderItemStatus!, $expectedVersion: Int) {
      changeOrderItemStatus(orderId: $orderId, itemId: $itemId, status: $status,
        expectedVersion: $expectedVersion) { ${ORDER_FIELDS} } }`,
    (t) => ({ orderId: t.orderId, itemId: t.itemId, status: 'PREPARING' }),
  ),
  {
    name: "GraphQL changeOrderItemStatus on the victim's item through the attacker's own order",
    run: (attacker, t, own) =>
      attacker.graphql(
        `mutation($orderId: ID!, $itemId: ID!) {
          changeOrderItemStatus(orderId: $orderId, itemId: $itemId, status: PREPARING) { id } }`,
        { orderId: own.order_id, itemId: t.itemId },
      ),
    expect: (answer) =>
      expectGraphQLNotFound(answer, 'changeOrderItemStatus', 'ORDER_ITEM_NOT_FOUND'),
  },
];

const ATTEMPTS = [...REST_ATTEMPTS, ...GRAPHQL_ATTEMPTS];
const CASES = ATTEMPTS.flatMap((attempt) =>
  RELATIONS.map(({ relation }) => ({ attempt, relation })),
);

describe.each(CASES)('$relation', ({ attempt, relation }) => {
  it(`${attempt.name}: not found, and the victim's order is unchanged`, async () => {
    const { tenant, order: own } = attackerOf(relation);
    const before = await victimBefore();
    const answer = await attempt.run(
      tenant,
      { orderId: target.orderId, itemId: target.itemId, version: before.json.version },
      own,
    );
    const after = await victimAfter();
    attempt.expect(answer);
    // Nothing of the victim's leaks into the answer either.
    expect(answer.text).not.toContain(VICTIM_BURGER_NAME);
    expect(answer.text).not.toContain(target.serverId);
    expect(after).toEqual(before);
  });
});

// ---------------------------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------------------------

interface ListAttempt {
  name: string;
  /** The ids listed. */
  list(attacker: TestTenant): Promise<string[]>;
}

const ALL_STATUSES = ['created', 'in_progress', 'ready', 'served', 'paid', 'closed', 'cancelled'];

function restList(query: string): ListAttempt {
  return {
    name: `REST GET /orders${query}`,
    async list(attacker) {
      const answer = await attacker.rest('GET', `/orders${query}`);
      expect(answer.status).toBe(200);
      return answer.body.data.map((order: any) => order.order_id);
    },
  };
}

function graphqlList(args: string, variables: Record<string, unknown> = {}): ListAttempt {
  const TYPES: Record<string, string> = {
    status: '[OrderStatus!]',
    tableId: 'String',
    serverId: 'String',
    after: 'String',
  };
  const declared = Object.keys(variables).map((name) => `$${name}: ${TYPES[name]}`);
  return {
    name: `GraphQL orders${args}`,
    async list(attacker) {
      const answer = await attacker.graphql(
        `query${declared.length ? `(${declared.join(', ')})` : ''} {
          orders${args} { nodes { id } edges { node { id } } } }`,
        variables,
      );
      expect(answer.body.errors).toBeUndefined();
      const { nodes, edges } = answer.body.data.orders;
      return [...nodes.map((n: any) => n.id), ...edges.map((e: any) => e.node.id)];
    },
  };
}

const LIST_ATTEMPTS: ListAttempt[] = [
  restList(''),
  restList('?limit=100'),
  restList(`?status=${ALL_STATUSES.join(',')}`),
  restList('?table_id=T-victim'),
  restList('?server_id=S-victim'),
  restList('?table_id=T-victim&server_id=S-victim&status=created&limit=100'),
  restList('?cursor=ord_0&limit=100'),
  graphqlList(''),
  graphqlList('(status: $status, first: 100)', {
    status: ALL_STATUSES.map((s) => s.toUpperCase()),
  }),
  graphqlList('(tableId: $tableId, serverId: $serverId)', {
    tableId: 'T-victim',
    serverId: 'S-victim',
  }),
  graphqlList('(after: $after, first: 100)', { after: 'ord_0' }),
];

describe.each(LIST_ATTEMPTS.flatMap((a) => RELATIONS.map((r) => ({ ...r, attempt: a }))))(
  '$relation',
  ({ attempt, relation }) => {
    it(`${attempt.name} lists its own order, never the victim's`, async () => {
      const { tenant, order: own } = attackerOf(relation);
      const ids = await attempt.list(tenant);
      expect(ids).toContain(own.order_id); // the filter matched: the list is not empty for nothing
      expect(ids).not.toContain(target.orderId);
    });
  },
);

// ---------------------------------------------------------------------------------------------
// Menu items, the viewer and federation
// ---------------------------------------------------------------------------------------------

interface MenuCheck {
  name: string;
  check(attacker: TestTenant, hasMenu: boolean): Promise<void>;
}

const MENU_CHECKS: MenuCheck[] = [
  {
    name: 'GraphQL menuItems lists its own menu only',
    async check(attacker, hasMenu) {
      const answer = await attacker.graphql('{ menuItems { id name price { cents } } }');
      const items: any[] = answer.body.data.menuItems;
      expect(items.map((i) => i.id)).not.toContain(VICTIM_ONLY_ITEM);
      if (!hasMenu) expect(items).toEqual([]);
      else
        expect(items.find((i) => i.id === 'burger_1')).toEqual({
          id: 'burger_1',
          name: 'Burger Classique',
          price: { cents: 1250 },
        });
    },
  },
  {
    name: "GraphQL menuItems(ids) does not resolve the victim's codes",
    async check(attacker, hasMenu) {
      const answer = await attacker.graphql('query($ids: [ID!]) { menuItems(ids: $ids) { id } }', {
        ids: ['burger_1', VICTIM_ONLY_ITEM],
      });
      expect(answer.body.data.menuItems).toEqual(hasMenu ? [{ id: 'burger_1' }] : []);
    },
  },
  {
    name: 'GraphQL menuItem(id) is null for a code only the victim has',
    async check(attacker, hasMenu) {
      const answer = await attacker.graphql('query($id: ID!) { menuItem(id: $id) { id name } }', {
        id: VICTIM_ONLY_ITEM,
      });
      expect(answer.body).toEqual({ data: { menuItem: null } });
      const burger = await attacker.graphql('{ menuItem(id: "burger_1") { id name } }');
      expect(burger.body.data.menuItem).toEqual(
        hasMenu ? { id: 'burger_1', name: 'Burger Classique' } : null,
      );
    },
  },
  {
    name: "REST POST /orders with the victim's menu items is 422 unknown_menu_item",
    async check(attacker, hasMenu) {
      const items = hasMenu
        ? [{ menu_item_id: VICTIM_ONLY_ITEM, quantity: 1 }]
        : [{ menu_item_id: 'burger_1', quantity: 1 }];
      const answer = await attacker.rest('POST', '/orders', { items });
      expect(answer.status).toBe(422);
      expect(answer.body.error).toMatchObject({
        code: 'unknown_menu_item',
        details: [expect.objectContaining({ field: 'items[0].menu_item_id' })],
      });
    },
  },
  {
    name: "GraphQL createOrder with the victim's menu items is UNKNOWN_MENU_ITEM",
    async check(attacker, hasMenu) {
      const answer = await attacker.graphql(
        'mutation($input: CreateOrderInput!) { createOrder(input: $input) { id } }',
        {
          input: { items: [{ menuItemId: hasMenu ? VICTIM_ONLY_ITEM : 'burger_1', quantity: 1 }] },
        },
      );
      expectGraphQLNotFound(answer, 'createOrder', 'UNKNOWN_MENU_ITEM');
    },
  },
  {
    name: "an order's items resolve menuItem (through _entities) from its own menu",
    async check(attacker, hasMenu) {
      if (!hasMenu) return; // it cannot order anything
      const created = await attacker.rest('POST', '/orders', SPEC_ORDER);
      expect(created.status).toBe(201);
      expect(created.body.items[0]).toMatchObject({ name: 'Burger Classique', unit_price: 12.5 });
      const answer = await attacker.graphql(
        'query($id: ID!) { order(id: $id) { items { menuItem { id name price { cents } } } } }',
        { id: created.body.order_id },
      );
      expect(answer.body.data.order.items[0].menuItem).toEqual({
        id: 'burger_1',
        name: 'Burger Classique',
        price: { cents: 1250 },
      });
    },
  },
  {
    name: 'GraphQL viewer names the caller, not the victim',
    async check(attacker) {
      const answer = await attacker.graphql('{ viewer { restaurantId environment keyId } }');
      expect(answer.body.data.viewer).toEqual({
        restaurantId: attacker.restaurantId,
        environment: attacker.environment.toUpperCase(),
        keyId: attacker.keyId,
      });
      expect(attacker.keyId).not.toBe(victim.keyId);
    },
  },
];

/**
 * Attackers with the demo menu (those above) and restaurants that seeded nothing where they
 * call from: one of their own, and the production key of a restaurant whose sandbox has the
 * demo menu (the victim's staging and production already have it: the attackers above seeded it).
 */
interface MenuRelation {
  relation: string;
  hasMenu: boolean;
  make(): Promise<TestTenant>;
}
const MENU_RELATIONS: MenuRelation[] = [
  ...RELATIONS.map(({ relation }) => ({
    relation,
    hasMenu: true,
    make: async () => attackerOf(relation).tenant,
  })),
  {
    relation: 'another restaurant, same environment, no menu',
    hasMenu: false,
    make: () => platform.tenant({ menu: false }),
  },
  {
    relation: 'the production key of a restaurant whose sandbox has the menu, no menu',
    hasMenu: false,
    async make() {
      const sandbox = await platform.tenant();
      return platform.tenant({
        restaurantId: sandbox.restaurantId,
        environment: 'production',
        menu: false,
      });
    },
  },
];
const menuAttackers = new Map<string, Promise<TestTenant>>();
function menuAttacker(relation: MenuRelation): Promise<TestTenant> {
  if (!menuAttackers.has(relation.relation)) menuAttackers.set(relation.relation, relation.make());
  return menuAttackers.get(relation.relation)!;
}

describe.each(MENU_CHECKS.flatMap((c) => MENU_RELATIONS.map((r) => ({ ...r, menuCheck: c }))))(
  '$relation',
  (relation) => {
    it(`${relation.menuCheck.name}`, async () => {
      const before = await victimBefore();
      try {
        await relation.menuCheck.check(await menuAttacker(relation), relation.hasMenu);
      } finally {
        expect(await victimAfter()).toEqual(before);
      }
    });
  },
);

// ---------------------------------------------------------------------------------------------
// `_entities`, as the gateway calls it, with the signed internal header
// ---------------------------------------------------------------------------------------------

async function entities(
  subgraph: string,
  caller: TestTenant,
  representations: unknown[],
  selection: string,
) {
  const url = platform.platform.subgraphs.find((s) => s.name === subgraph)!.url;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-sotto-context': encodeInternalContext(
        {
          restaurantId: caller.restaurantId,
          environment: caller.environment,
          keyId: caller.keyId,
          role: 'admin',
          scopes: [],
        },
        INTERNAL_SECRET,
      ),
    },
    body: JSON.stringify({
      query: `query($r: [_Any!]!) { _entities(representations: $r) { ${selection} } }`,
      variables: { r: representations },
    }),
  });
  return (await response.json()) as any;
}

describe.each(RELATIONS)('_entities, $relation', ({ relation }) => {
  it("resolves none of the victim's orders, and only its own menu items", async () => {
    const { tenant, order: own } = attackerOf(relation);
    const orders = await entities(
      'orders',
      tenant,
      [
        { __typename: 'Order', id: target.orderId },
        { __typename: 'Order', id: own.order_id },
      ],
      '... on Order { id tableId }',
    );
    expect(orders).toEqual({
      data: { _entities: [null, { id: own.order_id, tableId: target.tableId }] },
    });
    const menu = await entities(
      'menu',
      tenant,
      [
        { __typename: 'MenuItem', id: VICTIM_ONLY_ITEM },
        { __typename: 'MenuItem', id: 'burger_1' },
      ],
      '... on MenuItem { id name }',
    );
    expect(menu).toEqual({
      data: { _entities: [null, { id: 'burger_1', name: 'Burger Classique' }] },
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Controls: the same operations succeed for the victim's own second key, so the refusals above
// come from tenancy, not from a broken route.
// ---------------------------------------------------------------------------------------------

describe('control: a second key of the same restaurant and environment', () => {
  it('sees the order by REST, GraphQL, lists and _entities, and its own menu', async () => {
    const colleague = await platform.tenant({ restaurantId: victim.restaurantId, menu: false });
    expect((await colleague.rest('GET', `/orders/${target.orderId}`)).status).toBe(200);
    const listed = await colleague.rest('GET', '/orders?table_id=T-victim');
    expect(listed.body.data.map((o: any) => o.order_id)).toContain(target.orderId);
    const graphql = await colleague.graphql(
      `query($id: ID!) { order(id: $id) { id items { menuItem { id name } } } }`,
      { id: target.orderId },
    );
    expect(graphql.body.data.order.items[0].menuItem).toEqual({
      id: 'burger_1',
      name: VICTIM_BURGER_NAME,
    });
    const menu = await colleague.graphql('query($id: ID!) { menuItem(id: $id) { id } }', {
      id: VICTIM_ONLY_ITEM,
    });
    expect(menu.body.data.menuItem).toEqual({ id: VICTIM_ONLY_ITEM });
    const viaEntities = await entities(
      'orders',
      colleague,
      [{ __typename: 'Order', id: target.orderId }],
      '... on Order { id }',
    );
    expect(viaEntities.data._entities).toEqual([{ id: target.orderId }]);
  });
});
