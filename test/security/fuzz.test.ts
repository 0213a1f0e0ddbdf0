import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import { Client } from 'pg';
import { httpStatusFor } from '../../platform/src/errors';
import { DEMO_MENU } from '../../subgraphs/menu/src/demo-menu';
import {
  bootTestPlatform,
  SPEC_ORDER,
  testDatabaseUrl,
  type HttpAnswer,
  type TestPlatform,
  type TestTenant,
} from '../support/test-platform';

/**
 * Property-based fuzzing of every input of the public API, REST and GraphQL: hostile bodies,
 * variables, path ids, query strings and headers. For every answer:
 *
 * - the status is never 5xx;
 * - a REST error is exactly the envelope `{"error": {code, message, request_id, details}}`,
 *   a GraphQL error carries `extensions.code` (of a client error) and no stack trace;
 * - nothing internal leaks (stack frames, source paths, SQL errors);
 * - an error writes nothing: the tenant's orders, items, events and menu are byte-for-byte the
 *   same in PostgreSQL before and after;
 * - a success is a valid answer that says what was asked, and wrote exactly that.
 *
 * Runs are reproducible: the seed is fixed (FUZZ_SEED overrides it) and fast-check prints the
 * seed, the path and the shrunk counterexample of a failure. FUZZ_RUNS multiplies the runs for a
 * longer local session (`FUZZ_RUNS=20 npx jest test/security/fuzz`); FUZZ_SHRINK_MS bounds the
 * time spent shrinking a failure (3 s by default).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261125);
const RUNS = Math.max(1, Number(process.env.FUZZ_RUNS ?? 1));
const runs = (n: number) => Math.round(n * RUNS);
/** How long a failure may be shrunk before it is reported (FUZZ_SHRINK_MS). */
const SHRINK_MS = Number(process.env.FUZZ_SHRINK_MS ?? 3_000);
fc.configureGlobal({ seed: SEED });
jest.setTimeout(60_000 * RUNS);

let platform: TestPlatform;
let db: Client;
const PROTOTYPE_BASELINE = {
  object: Object.getOwnPropertyNames(Object.prototype).sort().join(),
  array: Object.getOwnPropertyNames(Array.prototype).sort().join(),
};

beforeAll(async () => {
  // Rate limits are not under test here: every fuzzing request must reach the validation.
  platform = await bootTestPlatform({
    SOTTO_AUTH_RATE_PER_MINUTE: '1000000',
    SOTTO_RATE_LIMIT_PER_MINUTE: '1000000',
  });
  db = new Client({ connectionString: testDatabaseUrl() });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await platform?.stop();
});

// ---------------------------------------------------------------------------------------------
// Hostile values
// ---------------------------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const ORDER_STATUSES = ['created', 'in_progress', 'ready', 'served', 'paid', 'closed', 'cancelled'];
const ITEM_STATUSES = ['pending', 'preparing', 'ready', 'served', 'cancelled'];
const MENU_CODES = DEMO_MENU.map((item) => item.code);
const CATEGORIES = [...new Set(DEMO_MENU.map((item) => item.category))];

/** Strings that have broken APIs before: encodings, injections, numbers in disguise. */
const NASTY_STRINGS = [
  '',
  ' ',
  '\u0000',
  'burger_1\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ufeff',
  '\u202e',
  '\r\n',
  '\t',
  '\\',
  '"',
  "'",
  '%00',
  '%',
  '%zz',
  '%2e%2e%2f',
  '../',
  '../../../../etc/passwd',
  '..\\..\\windows',
  "' OR '1'='1",
  "'; drop table orders.orders; --",
  '1; select pg_sleep(5)',
  '$1',
  '?',
  '*',
  '%s%s%s%n',
  '${7*7}',
  '{{7*7}}',
  '<script>alert(1)</script>',
  '{"$gt": ""}',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-0',
  '0x10',
  '1_000',
  '１２',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
  'ord_',
  'ord_../../',
  'ORD_01M8A412YAZ4EAEN8SQ550N28Z',
  'itm_',
  'sk_sandbox_',
  'sk_live_00000000000000000000000000000000',
  'Ünïcödé ✓ 😀 𝕏',
  '😀'.repeat(70),
  'é'.repeat(65),
  'x'.repeat(65),
  'x'.repeat(257),
  'x'.repeat(501),
  'x'.repeat(20_000),
];

// Unicode string arbitraries are costly to build (fast-check maps every code point once per
// instance): build each once.
const binaryText = fc.string({ unit: 'binary', maxLength: 50 });
const graphemeText = fc.string({ unit: 'grapheme', maxLength: 30 });

const loneSurrogate = fc
  .integer({ min: 0xd800, max: 0xdfff })
  .map((code) => String.fromCharCode(code));
const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 4 },
  { arbitrary: fc.string({ maxLength: 30 }), weight: 2 },
  { arbitrary: graphemeText, weight: 2 },
  { arbitrary: binaryText, weight: 2 },
  {
    arbitrary: fc.string({
      unit: fc.oneof(fc.string({ minLength: 1, maxLength: 1 }), loneSurrogate),
      maxLength: 10,
    }),
    weight: 1,
  },
  {
    arbitrary: fc
      .tuple(fc.constantFrom('x', 'é', '😀', '\u0000', "'"), fc.integer({ min: 60, max: 5000 }))
      .map(([unit, count]) => unit.repeat(count)),
    weight: 1,
  },
);

const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(
    0,
    -0,
    -1,
    0.5,
    1.5,
    -1.5,
    1e-300,
    999,
    1000,
    2 ** 31 - 1,
    2 ** 31,
    -(2 ** 31),
    -(2 ** 31) - 1,
    2 ** 53,
    2 ** 53 + 2,
    Number.MAX_VALUE,
    -Number.MAX_VALUE,
  ),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

const nested = (depth: number, leaf: Json): Json => {
  let value: Json = leaf;
  for (let i = 0; i < depth; i++) value = [value];
  return value;
};

/** An object whose own keys are prototype-pollution candidates. */
function pollutingObject(key: string, value: Json): Json {
  const object: { [key: string]: Json } = {};
  Object.defineProperty(object, key, { value, enumerable: true, writable: true });
  return object;
}

const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  { arbitrary: hostileString, weight: 4 },
  { arbitrary: hostileNumber, weight: 3 },
  { arbitrary: fc.constantFrom<Json>(null, true, false, [], {}, [null], ['']), weight: 2 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>, weight: 2 },
  {
    arbitrary: fc
      .tuple(fc.integer({ min: 10, max: 3000 }), fc.constantFrom<Json>(1, 'burger_1', null, {}))
      .map(([depth, leaf]) => nested(depth, leaf)),
    weight: 1,
  },
  {
    arbitrary: fc
      .tuple(
        fc.constantFrom('__proto__', 'constructor', 'prototype'),
        fc.constantFrom<Json>({ polluted: true }, { prototype: { polluted: true } }, 'x'),
      )
      .map(([key, value]) => pollutingObject(key, value)),
    weight: 1,
  },
  {
    arbitrary: fc
      .tuple(
        fc.oneof(fc.string({ maxLength: 20 }), hostileNumber),
        fc.integer({ min: 100, max: 3000 }),
      )
      .map(([value, count]) => Array.from({ length: count }, () => value)),
    weight: 1,
  },
);

// ---------------------------------------------------------------------------------------------
// Valid inputs, with placeholders filled in per run: '@order', '@item', '@version', '@apikey'
// ---------------------------------------------------------------------------------------------

interface Run {
  tenant: TestTenant;
  /** The REST JSON of an order of the tenant that is still `created`, items pending. */
  order: any;
}

/** Fills the placeholders of a text (a JSON body, variables, a path, a header) for this run. */
function fill(text: string, run: Run): string {
  const { order, tenant } = run;
  return text
    .replaceAll('"@version"', String(order.version))
    .replaceAll('@version', String(order.version))
    .replaceAll('@etag', `"${order.version}"`)
    .replaceAll('@apikey', tenant.apiKey)
    .replaceAll('@order', order.order_id)
    .replaceAll('@ORDER', order.order_id.toUpperCase())
    .replaceAll('@item', order.items[0].item_id)
    .replaceAll('@ITEM', order.items[0].item_id.toUpperCase());
}

const reference = fc.oneof(
  fc.constantFrom('12', 'terrasse-4', 'server_3429', 'bar'),
  graphemeText.filter((text) => text.length > 0 && text.length <= 64),
);

const restLine = fc.constantFrom(...DEMO_MENU).chain((item) =>
  fc.record({
    menu_item_id: fc.constant(item.code),
    quantity: fc.integer({ min: 1, max: 999 }),
    modifiers: fc.subarray((item.modifiers ?? []).map((m) => m.code)),
    notes: graphemeText,
  }),
);
const restOrderBody = fc.record({
  table_id: fc.option(reference, { nil: null }),
  server_id: fc.option(reference, { nil: null }),
  items: fc.array(restLine, { minLength: 1, maxLength: 3 }),
});

const graphqlLine = restLine.map((line) => ({
  menuItemId: line.menu_item_id,
  quantity: line.quantity,
  modifiers: line.modifiers,
  notes: line.notes,
}));
const graphqlOrderInput = fc.record({
  tableId: fc.option(reference, { nil: null }),
  serverId: fc.option(reference, { nil: null }),
  items: fc.array(graphqlLine, { minLength: 1, maxLength: 3 }),
});
const expectedVersion = fc.constantFrom<Json>('@version', null);

// ---------------------------------------------------------------------------------------------
// Mutation of one spot of a valid value
// ---------------------------------------------------------------------------------------------

type Path = (string | number)[];

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const paths: Path[] = [prefix];
  if (Array.isArray(value)) value.forEach((v, i) => paths.push(...pathsOf(v, [...prefix, i])));
  else if (value && typeof value === 'object')
    for (const [key, v] of Object.entries(value)) paths.push(...pathsOf(v, [...prefix, key]));
  return paths;
}

type Action = 'twist' | 'replace' | 'delete' | 'extra-key' | 'wrap' | 'repeat';

/** Characters that break encodings, drivers, parsers and logs, to slip into a valid string. */
const DANGEROUS_PIECES = [
  '\u0000',
  '\ud800',
  '\udc00',
  '\ufffe',
  '\uffff',
  '\u202e',
  '\u2028',
  '\u0301',
  '\u007f',
  '\u001b[31m',
  '\r\n',
  '\t',
  '%00',
  "'",
  '"',
  '\\',
  '😀',
  "' OR '1'='1",
  '../',
];

/**
 * A copy of `value` with one spot twisted (a dangerous piece slipped into a string, a number
 * made hostile), replaced, deleted, wrapped, repeated or given an extra key.
 */
function mutate(
  value: Json,
  pick: number,
  action: Action,
  hostile: Json,
  key: string,
  piece: string,
): Json {
  const paths = pathsOf(value);
  const path = paths[pick % paths.length]!;
  const copy = structuredClone(value);
  const change = (current: Json): Json | undefined => {
    switch (action) {
      case 'twist':
        if (typeof current === 'string') {
          const at = Math.floor(pick / 7) % (current.length + 1);
          return current.slice(0, at) + piece + current.slice(at);
        }
        return typeof current === 'number' ? (typeof hostile === 'number' ? hostile : -1) : hostile;
      case 'replace':
        return hostile;
      case 'delete':
        return undefined;
      case 'wrap':
        return [current];
      case 'repeat':
        return Array.isArray(current)
          ? Array.from({ length: 250 }, () => structuredClone(current[0] ?? null))
          : current;
      case 'extra-key':
        if (current && typeof current === 'object' && !Array.isArray(current)) {
          const out = { ...current };
          Object.defineProperty(out, key, { value: hostile, enumerable: true, writable: true });
          return out;
        }
        return hostile;
    }
  };
  if (!path.length) return change(copy) ?? null;
  let parent: any = copy;
  for (const part of path.slice(0, -1)) parent = parent[part];
  const last = path.at(-1)!;
  const next = change(parent[last]);
  if (next === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    Object.defineProperty(parent, last, {
      value: next,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

const extraKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'id', 'order_id', 'restaurant_id'),
  fc.constantFrom('environment', 'version', 'status', 'price', 'unit_price', 'restaurantId'),
  fc.string({ maxLength: 10 }),
);

function nearValid(valid: fc.Arbitrary<Json>): fc.Arbitrary<Json> {
  return fc
    .tuple(
      valid,
      fc.nat(),
      fc.constantFrom<Action>(
        'twist',
        'twist',
        'replace',
        'replace',
        'delete',
        'extra-key',
        'wrap',
        'repeat',
      ),
      hostileValue,
      extraKey,
      fc.constantFrom(...DANGEROUS_PIECES),
    )
    .map(([value, pick, action, hostile, key, piece]) =>
      mutate(value, pick, action, hostile, key, piece),
    );
}

// ---------------------------------------------------------------------------------------------
// What every answer must be
// ---------------------------------------------------------------------------------------------

class Broken extends Error {}

function broken(why: string, answer?: { status: number; text: string }): never {
  const shown = answer ? `\n→ HTTP ${answer.status}: ${answer.text.slice(0, 600)}` : '';
  throw new Broken(`${why}${shown}`);
}

/** Stack frames, source paths, SQL and driver errors: none may reach a client. */
const INTERNALS = [
  /\bat (?:async )?[\w$.<>[\]]+ \((?:node:|\/|[A-Z]:\\)[^)]*\)/g,
  /\n\s+at [^\n]+/g,
  /[\w./-]+\.(?:ts|js|mjs|cjs):\d+/g,
  /node_modules/g,
  /\/work\/|\/home\/|\/usr\/src\//g,
  /"stack(?:trace)?"/g,
  /invalid byte sequence|invalid input syntax|violates [\w ]*constraint|syntax error at or near/gi,
  /duplicate key value|relation "[^"]+" does not exist|column "[^"]+"|unterminated quoted/gi,
  /MikroORM|DriverException|QueryFailedError|ECONNREFUSED/g,
];

function expectNoInternals(answer: HttpAnswer, sent: string): void {
  for (const pattern of INTERNALS) {
    for (const match of answer.text.matchAll(pattern)) {
      // An input echoed back in a message is fine; the server's own internals are not.
      if (!sent.includes(match[0])) broken(`internals leak: ${JSON.stringify(match[0])}`, answer);
    }
  }
}

function expectPrototypesIntact(): void {
  const object = Object.getOwnPropertyNames(Object.prototype).sort().join();
  const array = Object.getOwnPropertyNames(Array.prototype).sort().join();
  if (object !== PROTOTYPE_BASELINE.object || array !== PROTOTYPE_BASELINE.array)
    broken(`Object.prototype polluted: ${object} / ${array}`);
}

function expectEnvelope(answer: HttpAnswer): void {
  const body = answer.body;
  if (!body || typeof body !== 'object' || Array.isArray(body))
    broken('an error answer is not a JSON object', answer);
  if (Object.keys(body).join() !== 'error') broken('the envelope has other keys', answer);
  const error = body.error;
  if (!error || typeof error !== 'object') broken('`error` is not an object', answer);
  if (Object.keys(error).sort().join() !== 'code,details,message,request_id')
    broken('the envelope is not {code, message, request_id, details}', answer);
  if (typeof error.code !== 'string' || !/^[a-z_]+$/.test(error.code))
    broken('error.code is not snake_case', answer);
  if (typeof error.message !== 'string' || !error.message) broken('no error.message', answer);
  if (typeof error.request_id !== 'string' || !error.request_id) broken('no request_id', answer);
  if (error.request_id !== answer.headers.get('x-request-id'))
    broken('request_id differs from the x-request-id header', answer);
  if (!String(answer.headers.get('content-type')).startsWith('application/json'))
    broken('an error is not served as JSON', answer);
}

/** Every REST answer: never 5xx, no internals, errors in the envelope. */
function expectRestAnswer(answer: HttpAnswer, sent: string): void {
  if (answer.status >= 500) broken('5xx', answer);
  expectNoInternals(answer, sent);
  expectPrototypesIntact();
  if (answer.status >= 400) expectEnvelope(answer);
}

/** Every GraphQL answer: never 5xx, errors with a client-error code and no stack. */
function expectGraphQLAnswer(answer: HttpAnswer, sent: string): void {
  if (answer.status >= 500) broken('5xx', answer);
  expectNoInternals(answer, sent);
  expectPrototypesIntact();
  const body = answer.body;
  if (!body || typeof body !== 'object') broken('not a JSON object', answer);
  if (body.error && answer.status >= 400) return expectEnvelope(answer); // body parser errors
  if (body.errors === undefined) {
    if (answer.status !== 200 || !('data' in body)) broken('no data and no errors', answer);
    return;
  }
  if (!Array.isArray(body.errors) || !body.errors.length) broken('errors is not a list', answer);
  for (const error of body.errors) {
    if (typeof error?.message !== 'string') broken('an error without a message', answer);
    const extensions = error.extensions;
    if (!extensions || typeof extensions.code !== 'string')
      broken('an error without extensions.code', answer);
    if ('stacktrace' in extensions || 'exception' in extensions)
      broken('an error with a stack trace', answer);
    if (httpStatusFor(extensions.code) >= 500)
      broken(`a server error (${extensions.code}) for a client's input`, answer);
  }
}

// ---------------------------------------------------------------------------------------------
// What is in the database
// ---------------------------------------------------------------------------------------------

interface Fingerprint {
  orders: number;
  items: number;
  events: number;
  orders_digest: string;
  items_digest: string;
  menu_digest: string;
}

/** Everything of the tenant's that a call could write, straight from PostgreSQL. */
async function fingerprint(tenant: TestTenant): Promise<Fingerprint> {
  const tenantOf = 'restaurant_id = $1 and environment = $2';
  const digest = (table: string) =>
    `(select coalesce(md5(string_agg(t::text, '|' order by t::text)), '') from ${table} t where ${tenantOf})`;
  const { rows } = await db.query(
    `select
      (select count(*)::int from orders.orders where ${tenantOf}) as orders,
      (select count(*)::int from orders.order_items where ${tenantOf}) as items,
      (select count(*)::int from events.event_log where ${tenantOf}) as events,
      ${digest('orders.orders')} as orders_digest,
      ${digest('orders.order_items')} as items_digest,
      ${digest('menu.menu_items')} as menu_digest`,
    [tenant.restaurantId, tenant.environment],
  );
  return rows[0] as Fingerprint;
}

function expectUnchanged(before: Fingerprint, after: Fingerprint, answer: HttpAnswer): void {
  if (JSON.stringify(before) !== JSON.stringify(after))
    broken(
      `an error wrote: ${JSON.stringify(before)} → ${JSON.stringify(after)} (partial write)`,
      answer,
    );
}

// ---------------------------------------------------------------------------------------------
// What a success must be
// ---------------------------------------------------------------------------------------------

interface Line {
  menu_item_id: unknown;
  quantity: unknown;
  modifiers: unknown;
  notes: unknown;
}

const restLines = (lines: any[]): Line[] =>
  lines.map((line) => ({
    menu_item_id: line?.menu_item_id,
    quantity: line?.quantity,
    modifiers: line?.modifiers ?? [],
    notes: line?.notes ?? '',
  }));
const graphqlLines = (lines: any[]): Line[] =>
  lines.map((line) => ({
    menu_item_id: line?.menuItemId,
    quantity: line?.quantity,
    modifiers: line?.modifiers ?? [],
    notes: line?.notes ?? '',
  }));

function expectSameLines(got: Line[], asked: Line[], answer: HttpAnswer): void {
  if (JSON.stringify(got) !== JSON.stringify(asked))
    broken(`the order does not hold what was asked: ${JSON.stringify(asked)}`, answer);
}

function expectOrderJson(order: any, answer: HttpAnswer): void {
  const ok =
    order &&
    /^ord_[0-9a-z]{26}$/.test(order.order_id) &&
    ORDER_STATUSES.includes(order.status) &&
    Array.isArray(order.items) &&
    order.items.every(
      (item: any) =>
        /^itm_[0-9a-z]{26}$/.test(item.item_id) &&
        ITEM_STATUSES.includes(item.status) &&
        Number.isInteger(item.quantity) &&
        item.quantity >= 1 &&
        item.quantity <= 999 &&
        typeof item.unit_price === 'number' &&
        item.unit_price >= 0,
    ) &&
    Number.isInteger(order.version) &&
    order.version >= 1 &&
    Math.round((order.subtotal + order.tax) * 100) === Math.round(order.total * 100);
  if (!ok) broken('a 2xx that is not a valid order', answer);
}

function expectVersionBumped(order: any, run: Run, answer: HttpAnswer): void {
  if (order.order_id !== run.order.order_id) broken('answered another order', answer);
  if (order.version !== run.order.version + 1) broken('the version did not go up by one', answer);
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/** A raw HTTP request: the path goes out as written (`fetch` would resolve `../` itself). */
function rawHttp(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<HttpAnswer> {
  const url = new URL(platform.url);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: url.hostname, port: url.port, method, path, headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = text ? JSON.parse(text) : undefined;
          } catch {
            parsed = undefined;
          }
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) responseHeaders.set(name, String(value));
          }
          resolve({ status: response.statusCode!, headers: responseHeaders, text, body: parsed });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Percent-encodes bytes that may not go raw in a request line; `loose` keeps `/ . % ? #`. */
function encodePath(value: string, loose: boolean): string {
  let out = '';
  for (const char of value) {
    if (loose && /^[\x21-\x7e]$/.test(char)) out += char;
    else if (/^[A-Za-z0-9_~-]$/.test(char)) out += char;
    else
      for (const byte of Buffer.from(char, 'utf8'))
        out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const rest = (run: Run, method: string, path: string, raw: string, headers = {}, auth = true) =>
  platform.request(method, `/api/v1${path}`, {
    raw,
    headers: {
      ...(auth ? { authorization: `Bearer ${run.tenant.token}` } : {}),
      ...headers,
    },
  });

/** A tenant whose key the fuzzing cannot exhaust, and a fresh order to aim at. */
async function newRun(): Promise<Run> {
  const tenant = await platform.tenant({ rateLimitPerMinute: 1_000_000 });
  return { tenant, order: await newOrder(tenant) };
}

/** After a success: the same order while it can still take every change, else a new one. */
async function nextOrder(run: Run): Promise<any> {
  const current = await run.tenant.rest('GET', `/orders/${run.order.order_id}`);
  const pristine =
    current.status === 200 &&
    current.body.status === 'created' &&
    current.body.items.every((item: any) => item.status === 'pending');
  return pristine ? current.body : newOrder(run.tenant);
}

async function newOrder(tenant: TestTenant): Promise<any> {
  const created = await tenant.rest('POST', '/orders', SPEC_ORDER);
  expect(created.status).toBe(201);
  return created.body;
}

/**
 * Runs one property against one tenant. After a success, the next run gets a fresh order, so
 * that every run starts from a `created` order with pending items.
 */
async function fuzz<Case>(
  arbitrary: fc.Arbitrary<Case>,
  numRuns: number,
  attempt: (run: Run, input: Case) => Promise<boolean>,
): Promise<void> {
  const run = await newRun();
  const property = fc.asyncProperty(arbitrary, async (input) => {
    if (await attempt(run, input)) run.order = await nextOrder(run);
  });
  // First find a failure without shrinking; then shrink it for a bounded time, so that a
  // failing property reports a small case without holding the run for minutes.
  const found = await fc.check(property, { numRuns, endOnFailure: true });
  if (!found.failed) return;
  await fc.assert(property, {
    numRuns,
    seed: found.seed,
    path: found.counterexamplePath ?? undefined,
    interruptAfterTimeLimit: SHRINK_MS,
    markInterruptAsFailure: true,
  });
  // The replay passed (the order it aimed at had moved on): report the failure as found.
  throw new Error(fc.defaultReportMessage(found) ?? 'property failed');
}

// ---------------------------------------------------------------------------------------------
// Regressions: what the properties below once found (5xx answers for NUL characters, lone
// surrogates and documents without a runnable operation), kept as plain cases.
// ---------------------------------------------------------------------------------------------

interface Regression {
  name: string;
  send(run: Run): Promise<{ answer: HttpAnswer; sent: string; graphql: boolean }>;
}

const restCase = (method: string, path: string, body?: unknown) => async (run: Run) => {
  const raw = body === undefined ? '' : JSON.stringify(body);
  const answer = await rawHttp(
    method,
    `/api/v1${fill(path, run)}`,
    {
      authorization: `Bearer ${run.tenant.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    raw || undefined,
  );
  return { answer, sent: path + raw, graphql: false };
};

const graphqlCase =
  (query: string, variables: Record<string, unknown> = {}, operationName?: string) =>
  async (run: Run) => {
    const sent = JSON.stringify({ query, variables, operationName });
    const answer = await platform.request('POST', '/graphql', {
      raw: fill(sent, run),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${run.tenant.token}` },
    });
    return { answer, sent, graphql: true };
  };

const line = (patch: Record<string, unknown>) => ({
  items: [{ menu_item_id: 'burger_1', quantity: 1, ...patch }],
});

const REGRESSIONS: Regression[] = [
  // U+0000 reaches PostgreSQL, which refuses it in text: a 500 instead of a 4xx.
  {
    name: 'REST POST /orders, notes with U+0000',
    send: restCase('POST', '/orders', line({ notes: 'a\u0000b' })),
  },
  {
    name: 'REST POST /orders, table_id with U+0000',
    send: restCase('POST', '/orders', { ...line({}), table_id: '12\u0000' }),
  },
  {
    name: 'REST POST /orders, menu_item_id with U+0000 (503 from the menu lookup)',
    send: restCase('POST', '/orders', line({ menu_item_id: 'burger_1\u0000' })),
  },
  {
    name: 'REST PUT /orders/{id}, notes with U+0000',
    send: restCase('PUT', '/orders/@order', line({ notes: '\u0000' })),
  },
  {
    name: 'REST POST /orders/{id}/items, notes with U+0000',
    send: restCase('POST', '/orders/@order/items', line({ notes: '\u0000' })),
  },
  { name: 'REST GET /orders/{id}, id ending in %00', send: restCase('GET', '/orders/@order%00') },
  {
    name: 'REST PATCH /orders/{id}/status, id ending in %00',
    send: restCase('PATCH', '/orders/@order%00/status', { status: 'cancelled' }),
  },
  { name: 'REST GET /orders?table_id=%00', send: restCase('GET', '/orders?table_id=%00') },
  { name: 'REST GET /orders?cursor=ord_%00', send: restCase('GET', '/orders?cursor=ord_%00') },
  {
    name: 'GraphQL order(id) with U+0000',
    send: graphqlCase('query($id: ID!) { order(id: $id) { id } }', { id: '@order\u0000' }),
  },
  {
    name: 'GraphQL orders(after, tableId) with U+0000',
    send: graphqlCase(
      'query($a: String, $t: String) { orders(after: $a, tableId: $t) { nodes { id } } }',
      { a: 'ord_\u0000', t: '\u0000' },
    ),
  },
  {
    name: 'GraphQL menuItem(id) with U+0000',
    send: graphqlCase('query($id: ID!) { menuItem(id: $id) { id } }', { id: 'burger_1\u0000' }),
  },
  {
    name: 'GraphQL menuItems(ids, category) with U+0000',
    send: graphqlCase('query($c: String) { menuItems(category: $c) { id } }', { c: '\u0000' }),
  },
  // A lone UTF-16 surrogate is valid JSON text ("\ud800") and a valid JS string, but the event
  // payload is jsonb, which refuses it: the whole change fails with a 500.
  {
    name: 'REST POST /orders, notes with a lone surrogate',
    send: restCase('POST', '/orders', line({ notes: 'x\ud800y' })),
  },
  {
    name: 'REST PUT /orders/{id}, table_id with a lone surrogate',
    send: restCase('PUT', '/orders/@order', { ...line({}), table_id: '\udc00' }),
  },
  {
    name: 'GraphQL createOrder, notes with a lone surrogate',
    send: graphqlCase('mutation($i: CreateOrderInput!) { createOrder(input: $i) { id } }', {
      i: { items: [{ menuItemId: 'burger_1', quantity: 1, notes: '\ud800' }] },
    }),
  },
  // The gateway refuses the operation itself (INVALID_GRAPHQL) with an HTTP 500: several
  // operations and no operationName, an unknown operationName, a subscription over HTTP.
  {
    name: 'GraphQL document with two operations and no operationName',
    send: graphqlCase('query A { viewer { keyId } } query B { viewer { role } }'),
  },
  {
    name: 'GraphQL document with an unknown operationName',
    send: graphqlCase('query A { viewer { keyId } }', {}, 'B'),
  },
  {
    name: 'GraphQL subscription over HTTP POST (the supergraph has no Subscription root yet)',
    send: graphqlCase('subscription { orderCreated { id } }'),
  },
];

describe('regressions: hostile input is a client error that writes nothing', () => {
  let run: Run;
  beforeAll(async () => {
    run = await newRun();
  });

  it.each(REGRESSIONS)('$name', async ({ send }) => {
    const before = await fingerprint(run.tenant);
    const { answer, sent, graphql } = await send(run);
    const after = await fingerprint(run.tenant);
    // Whatever the status, an error must not have written anything (checked first: a 5xx
    // that also wrote half a change is the worse bug).
    const failed = graphql ? answer.body?.errors !== undefined : answer.status >= 400;
    if (failed) expectUnchanged(before, after, answer);
    if (graphql) expectGraphQLAnswer(answer, sent);
    else expectRestAnswer(answer, sent);
  });
});

// ---------------------------------------------------------------------------------------------
// REST bodies
// ---------------------------------------------------------------------------------------------

interface BodyRoute {
  name: string;
  method: string;
  path: string;
  /** A valid body, with placeholders. */
  valid: fc.Arbitrary<Json>;
  /** An If-Match header may go with it. */
  versioned: boolean;
  public?: boolean;
  /** Checks a 2xx: the answer, what was sent, and the database before and after. */
  success(answer: HttpAnswer, sent: any, run: Run, before: Fingerprint, after: Fingerprint): void;
}

const BODY_ROUTES: BodyRoute[] = [
  {
    name: 'POST /orders',
    method: 'POST',
    path: '/orders',
    valid: restOrderBody,
    versioned: false,
    success(answer, sent, _run, before, after) {
      if (answer.status !== 201) broken('creation is not a 201', answer);
      expectOrderJson(answer.body, answer);
      if (answer.body.version !== 1 || answer.body.status !== 'created')
        broken('a new order is not created at version 1', answer);
      expectSameLines(restLines(answer.body.items), restLines(sent.items), answer);
      if (answer.body.table_id !== (sent.table_id ?? null)) broken('table_id differs', answer);
      if (answer.body.server_id !== (sent.server_id ?? null)) broken('server_id differs', answer);
      if (after.orders !== before.orders + 1) broken('not exactly one order written', answer);
    },
  },
  {
    name: 'PUT /orders/{id}',
    method: 'PUT',
    path: '/orders/@order',
    valid: restOrderBody,
    versioned: true,
    success(answer, sent, run, before, after) {
      expectOrderJson(answer.body, answer);
      expectVersionBumped(answer.body, run, answer);
      expectSameLines(restLines(answer.body.items), restLines(sent.items), answer);
      if (answer.body.table_id !== (sent.table_id ?? null)) broken('table_id differs', answer);
      if (after.orders !== before.orders) broken('a replace made another order', answer);
    },
  },
  {
    name: 'POST /orders/{id}/items',
    method: 'POST',
    path: '/orders/@order/items',
    valid: fc.record({ items: fc.array(restLine, { minLength: 1, maxLength: 3 }) }),
    versioned: true,
    success(answer, sent, run, before, after) {
      expectOrderJson(answer.body, answer);
      expectVersionBumped(answer.body, run, answer);
      expectSameLines(
        restLines(answer.body.items),
        restLines([...run.order.items, ...sent.items]),
        answer,
      );
      if (after.items !== before.items + sent.items.length) broken('items miscounted', answer);
    },
  },
  {
    name: 'PATCH /orders/{id}/status',
    method: 'PATCH',
    path: '/orders/@order/status',
    valid: fc.record({ status: fc.constantFrom(...ORDER_STATUSES) }),
    versioned: true,
    success(answer, sent, run) {
      expectOrderJson(answer.body, answer);
      expectVersionBumped(answer.body, run, answer);
      if (answer.body.status !== sent.status) broken('not the status asked for', answer);
    },
  },
  {
    name: 'PATCH /orders/{id}/items/{item_id}/status',
    method: 'PATCH',
    path: '/orders/@order/items/@item/status',
    valid: fc.record({ status: fc.constantFrom(...ITEM_STATUSES) }),
    versioned: true,
    success(answer, sent, run) {
      expectOrderJson(answer.body, answer);
      expectVersionBumped(answer.body, run, answer);
      const item = answer.body.items.find((i: any) => i.item_id === run.order.items[0].item_id);
      if (item?.status !== sent.status) broken('not the item status asked for', answer);
    },
  },
  {
    name: 'POST /auth/token',
    method: 'POST',
    path: '/auth/token',
    valid: fc.constant({ api_key: '@apikey' }),
    versioned: false,
    public: true,
    success(answer, sent, run, before, after) {
      if (sent.api_key !== run.tenant.apiKey) broken('a token for a key that is not', answer);
      const body = answer.body;
      if (typeof body?.access_token !== 'string' || body.token_type !== 'Bearer')
        broken('not a token answer', answer);
      if (!Number.isInteger(body.expires_in) || body.expires_in <= 0)
        broken('expires_in is not a positive integer', answer);
      expectUnchanged(before, after, answer);
    },
  },
];

const ifMatch = fc.option(
  fc.oneof(
    fc.constantFrom('@etag', 'W/@etag', '@version', '"0"', '"-1"', '"1.5"', '"99999999999"'),
    fc.constantFrom('*', '', '"1", "2"', '"NaN"', '"1e3"', 'W/', '"\'"', '"0x1"'),
    fc.string({ unit: 'grapheme-ascii', maxLength: 20 }),
  ),
  { nil: undefined },
);

interface BodyCase {
  raw: string;
  contentType?: string;
  ifMatch?: string;
}

/** Raw JSON texts that a JSON.stringify would never write. */
function rawTexts(valid: fc.Arbitrary<Json>): fc.Arbitrary<string> {
  const validText = valid.map((v) => JSON.stringify(v));
  return fc.oneof(
    // duplicate keys: the first and the last occurrence disagree
    fc
      .tuple(valid, hostileValue, fc.nat(), fc.boolean())
      .filter(([v]) => !!v && typeof v === 'object' && !Array.isArray(v))
      .map(([v, hostile, pick, first]) => {
        const keys = Object.keys(v as object);
        const key = keys[pick % keys.length]!;
        const text = JSON.stringify(v);
        const duplicate = `${JSON.stringify(key)}:${JSON.stringify(hostile)}`;
        return first ? `{${duplicate},${text.slice(1)}` : `${text.slice(0, -1)},${duplicate}}`;
      }),
    // numbers JSON.stringify cannot write
    fc
      .tuple(
        validText,
        fc.constantFrom('1e400', '-1e400', '1.0', '1E0', '-0', '0.0000001e7', '1'.repeat(400)),
      )
      .map(([text, number]) => text.replace(/(:\s*)-?\d+(?:\.\d+)?/, `$1${number}`)),
    // prototype keys before the real body
    fc
      .tuple(validText, fc.constantFrom('__proto__', 'constructor', 'prototype'))
      .map(
        ([text, key]) =>
          `{"${key}":{"polluted":true,"prototype":{"polluted":true}},${text.slice(1)}`,
      ),
    // deep nesting, of arrays and of objects
    fc.integer({ min: 100, max: 20_000 }).map((n) => '['.repeat(n) + ']'.repeat(n)),
    fc.integer({ min: 100, max: 5_000 }).map((n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n)),
    // truncated, padded, or not JSON at all
    fc.tuple(validText, fc.nat()).map(([text, cut]) => text.slice(0, cut % (text.length + 1))),
    validText.map((text) => `\ufeff${text}`),
    validText.map((text) => `${text}${text}`),
    validText.map((text) => ` \n\t${text}\n `),
    binaryText,
    fc.constantFrom('', 'null', 'true', '0', '"x"', '[]', '{', '}', 'NaN', "{'a':1}", '{"a":1,}'),
    // over the 5 MB body limit
    fc.constant(OVERSIZED),
  );
}

const OVERSIZED = `{"items":[{"menu_item_id":"burger_1","quantity":1,"notes":"${'x'.repeat(5 * 1024 * 1024)}"}]}`;

function bodyCases(route: BodyRoute, kind: 'arbitrary' | 'near-valid' | 'raw') {
  const generator =
    kind === 'arbitrary'
      ? fc
          .oneof(fc.jsonValue() as fc.Arbitrary<Json>, hostileValue, route.valid)
          .map((v) => JSON.stringify(v) ?? '')
      : kind === 'near-valid'
        ? nearValid(route.valid).map((v) => JSON.stringify(v) ?? '')
        : rawTexts(route.valid);
  return fc.record({
    raw: generator,
    contentType:
      kind === 'raw'
        ? fc.option(
            fc.constantFrom(
              'application/json',
              'application/json; charset=utf-8',
              'application/json; charset=latin1',
              'application/vnd.api+json',
              'text/plain',
              'application/x-www-form-urlencoded',
              'multipart/form-data; boundary=x',
              'application/json, text/plain',
            ),
            { nil: undefined },
          )
        : fc.constant('application/json'),
    ifMatch: route.versioned ? ifMatch : fc.constant(undefined),
  }) as fc.Arbitrary<BodyCase>;
}

const BODY_RUNS = { arbitrary: runs(20), 'near-valid': runs(40), raw: runs(20) };

describe.each(BODY_ROUTES)('REST $name', (route) => {
  it.each(['arbitrary', 'near-valid', 'raw'] as const)(
    'answers %s bodies with a valid answer or an envelope error that wrote nothing',
    async (kind) => {
      await fuzz(bodyCases(route, kind), BODY_RUNS[kind], async (run, input) => {
        const raw = fill(input.raw, run);
        const headers: Record<string, string> = {};
        if (input.contentType !== undefined) headers['content-type'] = input.contentType;
        if (input.ifMatch !== undefined) headers['if-match'] = fill(input.ifMatch, run);
        const before = await fingerprint(run.tenant);
        const path = fill(route.path, run);
        const answer = await rest(run, route.method, path, raw, headers, !route.public);
        const after = await fingerprint(run.tenant);
        if (answer.status >= 400) expectUnchanged(before, after, answer);
        expectRestAnswer(answer, raw);
        if (answer.status >= 400) return false;
        let sent: unknown;
        try {
          sent = JSON.parse(raw.replace(/^\ufeff/, ''));
        } catch {
          broken('a 2xx for a body that is not JSON', answer);
        }
        route.success(answer, sent, run, before, after);
        return true;
      });
    },
  );
});

// ---------------------------------------------------------------------------------------------
// REST path ids, query strings, headers
// ---------------------------------------------------------------------------------------------

const hostileId = fc.oneof(
  hostileString.filter((s) => s.length > 0),
  fc
    .tuple(
      fc.constantFrom('@order', '@item'),
      fc.constantFrom('%00', '\u0000', '/..', '/../..', '/', ' ', "'", "' OR '1'='1", '.json', '~'),
      fc.boolean(),
    )
    .map(([id, twist, before]) => (before ? `${twist}${id}` : `${id}${twist}`)),
  fc.constantFrom('@ORDER', '@ITEM'),
  fc.constantFrom('..', '.', '%2e%2e', '%2F', '..%2F..%2F..%2Fhealthz', '..%00', 'ord_%'),
);

interface PathRoute {
  name: string;
  method: string;
  path: (id: string, itemId: string) => string;
  body?: Json;
  /** Which ids reach the order, so a 2xx is legitimate. */
  success(answer: HttpAnswer, run: Run): void;
}

const PATH_ROUTES: PathRoute[] = [
  {
    name: 'GET /orders/{id}',
    method: 'GET',
    path: (id) => `/orders/${id}`,
    success(answer, run) {
      expectOrderJson(answer.body, answer);
      if (answer.body.order_id !== run.order.order_id) broken('answered another order', answer);
    },
  },
  {
    name: 'PUT /orders/{id}',
    method: 'PUT',
    path: (id) => `/orders/${id}`,
    body: SPEC_ORDER,
    success: (answer, run) => expectVersionBumped(answer.body, run, answer),
  },
  {
    name: 'POST /orders/{id}/items',
    method: 'POST',
    path: (id) => `/orders/${id}/items`,
    body: { items: [{ menu_item_id: 'cafe', quantity: 1 }] },
    success: (answer, run) => expectVersionBumped(answer.body, run, answer),
  },
  {
    name: 'PATCH /orders/{id}/status',
    method: 'PATCH',
    path: (id) => `/orders/${id}/status`,
    body: { status: 'in_progress' },
    success: (answer, run) => expectVersionBumped(answer.body, run, answer),
  },
  {
    name: 'PATCH /orders/{id}/items/{item_id}/status',
    method: 'PATCH',
    path: (id, itemId) => `/orders/${id}/items/${itemId}/status`,
    body: { status: 'preparing' },
    success: (answer, run) => expectVersionBumped(answer.body, run, answer),
  },
];

describe.each(PATH_ROUTES)('REST $name', (route) => {
  it('answers hostile path ids (encoded or raw) with a 404 envelope or the order itself', async () => {
    const cases = fc.record({
      id: fc.oneof(hostileId, fc.constant('@order')),
      itemId: fc.oneof(hostileId, fc.constant('@item')),
      loose: fc.boolean(),
    });
    await fuzz(cases, runs(20), async (run, input) => {
      const id = encodePath(fill(input.id, run), input.loose);
      const itemId = encodePath(fill(input.itemId, run), input.loose);
      const path = `/api/v1${route.path(id, itemId)}`;
      const body = route.body === undefined ? undefined : JSON.stringify(route.body);
      const before = await fingerprint(run.tenant);
      const answer = await rawHttp(
        route.method,
        path,
        {
          authorization: `Bearer ${run.tenant.token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body,
      );
      const after = await fingerprint(run.tenant);
      if (answer.status >= 400) expectUnchanged(before, after, answer);
      expectRestAnswer(answer, decodeURIComponentSafe(path) + path);
      if (answer.status >= 400) return false;
      route.success(answer, run);
      return route.method !== 'GET';
    });
  });
});

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

describe('REST GET /orders', () => {
  it('answers hostile query strings with a page of its own orders or an envelope error', async () => {
    const key = fc.oneof(
      fc.constantFrom('status', 'table_id', 'server_id', 'limit', 'cursor'),
      fc.constantFrom('status[]', 'limit[$gt]', '__proto__', 'constructor', 'restaurant_id'),
      fc.string({ maxLength: 8 }),
    );
    const value = fc.oneof(
      hostileString,
      hostileNumber.map(String),
      fc.constantFrom('created', 'created,ready', 'CREATED', 'created,,', '50', '100', '101'),
      fc.constantFrom('0', '-1', '1e1', '1e400', '0x10', ' 5', '5.5', '@order', 'ord_'),
    );
    const cases = fc.array(fc.tuple(key, value, fc.boolean()), { maxLength: 5 });
    await fuzz(cases, runs(40), async (run, pairs) => {
      const query = pairs
        .map(([k, v, raw]) => {
          const filled = fill(v, run);
          return `${encodePath(k, raw)}=${encodePath(filled, raw)}`;
        })
        .join('&');
      const path = `/api/v1/orders${query ? `?${query}` : ''}`;
      const before = await fingerprint(run.tenant);
      const answer = await rawHttp('GET', path, { authorization: `Bearer ${run.tenant.token}` });
      const after = await fingerprint(run.tenant);
      expectRestAnswer(answer, decodeURIComponentSafe(path) + path);
      expectUnchanged(before, after, answer);
      if (answer.status < 400) {
        const body = answer.body;
        if (!Array.isArray(body?.data) || typeof body.has_more !== 'boolean')
          broken('not a page of orders', answer);
        for (const order of body.data) {
          expectOrderJson(order, answer);
          if (order.order_id !== run.order.order_id) broken('listed an order not its own', answer);
        }
      }
      return false;
    });
  });

  it('never echoes a hostile x-request-id', async () => {
    const header = fc.string({ unit: 'grapheme-ascii', minLength: 0, maxLength: 100 });
    await fuzz(header, runs(20), async (run, requestId) => {
      const answer = await rawHttp('GET', '/api/v1/orders/ord_nope', {
        authorization: `Bearer ${run.tenant.token}`,
        'x-request-id': requestId,
      });
      expectRestAnswer(answer, requestId);
      const echoed = answer.body.error.request_id;
      if (!/^[\w.-]{8,64}$/.test(echoed)) broken('an unsafe request id was echoed', answer);
      return false;
    });
  });
});

// ---------------------------------------------------------------------------------------------
// GraphQL variables
// ---------------------------------------------------------------------------------------------

const ORDER_SELECTION = `id status version tableId serverId
  items { id menuItemId quantity modifiers notes status menuItem { id name } }
  subtotal { cents } tax { cents } total { cents }`;

interface GraphQLOperation {
  name: string;
  document: string;
  valid: fc.Arbitrary<Json>;
  /** Sent without a token (the token exchange). */
  anonymous?: boolean;
  writes: boolean;
  success?(data: any, variables: any, run: Run, before: Fingerprint, after: Fingerprint): void;
}

const upper = (values: string[]) => values.map((v) => v.toUpperCase());

function expectGraphQLOrder(order: any, run: Run, answer: HttpAnswer, bumped = true): void {
  if (!order || !/^ord_[0-9a-z]{26}$/.test(order.id)) broken('not an order', answer);
  if (bumped) {
    if (order.id !== run.order.order_id) broken('answered another order', answer);
    if (order.version !== run.order.version + 1) broken('version not bumped by one', answer);
  }
  if (order.subtotal.cents + order.tax.cents !== order.total.cents)
    broken('total is not subtotal + tax', answer);
}

const GRAPHQL_OPERATIONS: GraphQLOperation[] = [
  {
    name: 'order',
    document: `query Fuzz($id: ID!) { order(id: $id) { ${ORDER_SELECTION} } }`,
    valid: fc.constant({ id: '@order' }),
    writes: false,
    success(data, _variables, run) {
      if (data.order !== null && data.order.id !== run.order.order_id)
        broken('answered an order not its own', { status: 200, text: JSON.stringify(data) });
    },
  },
  {
    name: 'orders',
    document: `query Fuzz($status: [OrderStatus!], $tableId: String, $serverId: String,
      $first: Int, $after: String) {
      orders(status: $status, tableId: $tableId, serverId: $serverId, first: $first,
        after: $after) { nodes { id } edges { cursor } pageInfo { hasNextPage endCursor } } }`,
    valid: fc.record(
      {
        status: fc.subarray(upper(ORDER_STATUSES)),
        tableId: fc.constantFrom('12', 'x'),
        serverId: fc.constantFrom('server_3429', 'y'),
        first: fc.integer({ min: 1, max: 100 }),
        after: fc.constantFrom('@order', 'ord_0'),
      },
      { requiredKeys: [] },
    ),
    writes: false,
    success(data, _variables, run) {
      if (data.orders.nodes.some((order: any) => order.id !== run.order.order_id))
        broken('listed an order not its own', { status: 200, text: JSON.stringify(data) });
    },
  },
  {
    name: 'menuItem',
    document: `query Fuzz($id: ID!) { menuItem(id: $id) { id name price { cents } available } }`,
    valid: fc.record({ id: fc.constantFrom(...MENU_CODES) }),
    writes: false,
    success(data, variables) {
      if (data.menuItem !== null && data.menuItem.id !== variables.id)
        broken('answered another menu item', { status: 200, text: JSON.stringify(data) });
    },
  },
  {
    name: 'menuItems',
    document: `query Fuzz($ids: [ID!], $category: String) {
      menuItems(ids: $ids, category: $category) { id modifiers { id } } }`,
    valid: fc.record(
      { ids: fc.subarray(MENU_CODES), category: fc.constantFrom(...CATEGORIES) },
      { requiredKeys: [] },
    ),
    writes: false,
    success(data) {
      if (data.menuItems.some((item: any) => !MENU_CODES.includes(item.id)))
        broken('a menu item not on the menu', { status: 200, text: JSON.stringify(data) });
    },
  },
  {
    name: 'createOrder',
    document: `mutation Fuzz($input: CreateOrderInput!) { createOrder(input: $input) {
      ${ORDER_SELECTION} } }`,
    valid: fc.record({ input: graphqlOrderInput }),
    writes: true,
    success(data, variables, run, before, after) {
      const answer = { status: 200, text: JSON.stringify(data) } as HttpAnswer;
      expectGraphQLOrder(data.createOrder, run, answer, false);
      expectSameLines(
        graphqlLines(data.createOrder.items),
        graphqlLines(variables.input.items),
        answer,
      );
      if (after.orders !== before.orders + 1) broken('not exactly one order written', answer);
    },
  },
  {
    name: 'replaceOrder',
    document: `mutation Fuzz($id: ID!, $input: ReplaceOrderInput!, $expectedVersion: Int) {
      replaceOrder(id: $id, input: $input, expectedVersion: $expectedVersion) {
      ${ORDER_SELECTION} } }`,
    valid: fc.record({ id: fc.constant('@order'), input: graphqlOrderInput, expectedVersion }),
    writes: true,
    success(data, variables, run) {
      const answer = { status: 200, text: JSON.stringify(data) } as HttpAnswer;
      expectGraphQLOrder(data.replaceOrder, run, answer);
      expectSameLines(
        graphqlLines(data.replaceOrder.items),
        graphqlLines(variables.input.items),
        answer,
      );
    },
  },
  {
    name: 'addOrderItems',
    document: `mutation Fuzz($id: ID!, $items: [OrderItemInput!]!, $expectedVersion: Int) {
      addOrderItems(id: $id, items: $items, expectedVersion: $expectedVersion) {
      ${ORDER_SELECTION} } }`,
    valid: fc.record({
      id: fc.constant('@order'),
      items: fc.array(graphqlLine, { minLength: 1, maxLength: 3 }),
      expectedVersion,
    }),
    writes: true,
    success(data, variables, run) {
      const answer = { status: 200, text: JSON.stringify(data) } as HttpAnswer;
      expectGraphQLOrder(data.addOrderItems, run, answer);
      expectSameLines(
        graphqlLines(data.addOrderItems.items),
        [...restLines(run.order.items), ...graphqlLines(variables.items)],
        answer,
      );
    },
  },
  {
    name: 'changeOrderStatus',
    document: `mutation Fuzz($id: ID!, $status: OrderStatus!, $expectedVersion: Int) {
      changeOrderStatus(id: $id, status: $status, expectedVersion: $expectedVersion) {
      ${ORDER_SELECTION} } }`,
    valid: fc.record({
      id: fc.constant('@order'),
      status: fc.constantFrom(...upper(ORDER_STATUSES)),
      expectedVersion,
    }),
    writes: true,
    success(data, variables, run) {
      const answer = { status: 200, text: JSON.stringify(data) } as HttpAnswer;
      expectGraphQLOrder(data.changeOrderStatus, run, answer);
      if (data.changeOrderStatus.status !== variables.status) broken('wrong status', answer);
    },
  },
  {
    name: 'changeOrderItemStatus',
    document: `mutation Fuzz($orderId: ID!, $itemId: ID!, $status: OrderItemStatus!,
      $expectedVersion: Int) {
      changeOrderItemStatus(orderId: $orderId, itemId: $itemId, status: $status,
        expectedVersion: $expectedVersion) { ${ORDER_SELECTION} } }`,
    valid: fc.record({
      orderId: fc.constant('@order'),
      itemId: fc.constant('@item'),
      status: fc.constantFrom(...upper(ITEM_STATUSES)),
      expectedVersion,
    }),
    writes: true,
    success(data, variables, run) {
      const answer = { status: 200, text: JSON.stringify(data) } as HttpAnswer;
      const order = data.changeOrderItemStatus;
      expectGraphQLOrder(order, run, answer);
      const item = order.items.find((i: any) => i.id === variables.itemId);
      if (item?.status !== variables.status) broken('wrong item status', answer);
    },
  },
  {
    name: 'issueAccessToken',
    document: `mutation Fuzz($apiKey: String!) {
      issueAccessToken(apiKey: $apiKey) { accessToken tokenType expiresIn } }`,
    valid: fc.constant({ apiKey: '@apikey' }),
    anonymous: true,
    writes: false,
    success(data, variables, run) {
      const answer = { status: 200, text: JSON.stringify(data) } as HttpAnswer;
      if (variables.apiKey !== run.tenant.apiKey) broken('a token for a key that is not', answer);
      if (data.issueAccessToken.tokenType !== 'Bearer') broken('not a token', answer);
    },
  },
];

/** Variables as JSON text: counterexamples print readably, however deep. */
function graphqlCases(operation: GraphQLOperation, kind: 'near-valid' | 'arbitrary') {
  return graphqlValues(operation, kind).map((variables) => JSON.stringify(variables));
}

function graphqlValues(operation: GraphQLOperation, kind: 'near-valid' | 'arbitrary') {
  if (kind === 'near-valid') return nearValid(operation.valid);
  const names = [...operation.document.matchAll(/\$(\w+):/g)].map((m) => m[1]!);
  return fc.oneof(
    fc.dictionary(fc.constantFrom(...names), hostileValue, { maxKeys: names.length }),
    fc.dictionary(fc.oneof(fc.constantFrom(...names), fc.string()), fc.jsonValue()),
  ) as fc.Arbitrary<Json>;
}

const GRAPHQL_RUNS = { 'near-valid': runs(40), arbitrary: runs(15) };

describe.each(GRAPHQL_OPERATIONS)('GraphQL $name', (operation) => {
  it.each(['near-valid', 'arbitrary'] as const)(
    'answers %s variables with data or client errors, writing nothing on error',
    async (kind) => {
      await fuzz(graphqlCases(operation, kind), GRAPHQL_RUNS[kind], async (run, input) => {
        const variables = JSON.parse(fill(input, run));
        const sent = JSON.stringify({ query: operation.document, variables });
        const before = await fingerprint(run.tenant);
        const answer = await platform.request('POST', '/graphql', {
          raw: sent,
          headers: {
            'content-type': 'application/json',
            ...(operation.anonymous ? {} : { authorization: `Bearer ${run.tenant.token}` }),
          },
        });
        const after = await fingerprint(run.tenant);
        const failed = answer.body?.errors !== undefined || answer.body?.error !== undefined;
        if (failed || !operation.writes) expectUnchanged(before, after, answer);
        expectGraphQLAnswer(answer, sent);
        if (failed) return false;
        operation.success?.(answer.body.data, variables, run, before, after);
        return operation.writes;
      });
    },
  );
});

describe('GraphQL documents', () => {
  it('answers hostile documents and request bodies with client errors only', async () => {
    const documents = fc.oneof(
      binaryText,
      fc.integer({ min: 50, max: 3000 }).map((n) => `{ ${'orders { nodes { items { '.repeat(n)}`),
      fc
        .integer({ min: 20, max: 400 })
        .map(
          (n) =>
            `{ ${'viewer { restaurantId } '.repeat(n)} ${'orders { nodes { id } } '.repeat(n)} }`,
        ),
      fc
        .integer({ min: 10, max: 2000 })
        .map(
          (n) =>
            `{ ${Array.from({ length: n }, (_, i) => `a${i}: menuItems { id name }`).join(' ')} }`,
        ),
      fc.constantFrom(
        '{ __schema { types { name fields { name type { name ofType { name } } } } } }',
        '{ _entities(representations: [{__typename: "Order", id: "x"}]) { __typename } }',
        '{ _service { sdl } }',
        'subscription { orderCreated { id } }',
        'mutation { createOrder(input: {items: []}) { id } } mutation { createOrder }',
        'query A { viewer { keyId } } query B { viewer { role } }',
        '{ order(id: "\\u0000") { id } }',
        '{ menuItem(id: "burger_1") { ...F } } fragment F on MenuItem { ...F }',
        `{ ${'__typename '.repeat(10000)} }`,
        `query ($a: Int = ${'9'.repeat(400)}) { orders(first: $a) { nodes { id } } }`,
      ),
    );
    const bodies = fc.oneof(
      fc.record({ query: documents }).map((b) => JSON.stringify(b)),
      fc
        .record({ query: documents, variables: hostileValue, operationName: hostileValue })
        .map((b) => JSON.stringify(b)),
      (fc.jsonValue() as fc.Arbitrary<Json>).map((b) => JSON.stringify(b)),
      fc
        .array(fc.record({ query: documents }), { maxLength: 5 })
        .map((batch) => JSON.stringify(batch)),
      rawTexts(fc.constant({ query: '{ viewer { keyId } }' })),
    );
    await fuzz(bodies, runs(30), async (run, raw) => {
      const before = await fingerprint(run.tenant);
      const answer = await platform.request('POST', '/graphql', {
        raw,
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${run.tenant.token}`,
        },
      });
      const after = await fingerprint(run.tenant);
      if (Array.isArray(answer.body)) {
        // A batch: the status is the batch's, each result is checked on its own.
        if (answer.status >= 500) broken('5xx', answer);
        for (const one of answer.body)
          expectGraphQLAnswer(
            { ...answer, status: 200, body: one, text: JSON.stringify(one) },
            raw,
          );
      } else expectGraphQLAnswer(answer, raw);
      expectUnchanged(before, after, answer);
      return false;
    });
  });
});
