import { builtinModules } from 'node:module';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { build } from '../../bin/build';
import { createScratchDatabase, SPEC_ORDER } from '../../test/support/test-platform';
import { PlatformProcess } from '../../test/support/platform-process';

/**
 * `npm run build` and what production runs (`npm run start:prod`, the Dockerfile's command):
 * the compiled JavaScript, started by Node without a TypeScript loader, serving everything the
 * sources serve; and the production packages (`npm install --omit=dev`, as the image installs
 * them) enough for it.
 */
const ROOT = path.resolve(__dirname, '../..');
const OUT = path.join(ROOT, '.data', `build-test-${process.pid}`);
/** What production runs: the platform, and the command line an operator runs in a container. */
const ENTRIES = ['bin/start.js', 'bin/sotto.js'];

let database: { url: string; drop(): Promise<void> };
let platform: PlatformProcess;

beforeAll(async () => {
  build(OUT);
  database = await createScratchDatabase();
  platform = await PlatformProcess.start(
    database.url,
    {},
    {
      entry: ['--enable-source-maps', path.join(OUT, 'bin/start.js')],
    },
  );
}, 240_000);
afterAll(async () => {
  await platform?.stop();
  await database?.drop();
  rmSync(OUT, { recursive: true, force: true });
});

/** The package a bare specifier names (`@scope/name/sub` → `@scope/name`). */
const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/** The packages the compiled `entries` require, following their own files' requires. */
function packagesRequiredBy(entries: string[]): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const pending = entries.map((entry) => path.join(OUT, entry));
  while (pending.length) {
    const file = pending.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    for (const [, specifier] of code.matchAll(
      /(?:require(?:\.resolve)?|import)\(\s*["']([^"']+)["']\s*\)/g,
    )) {
      if (specifier!.startsWith('.')) {
        const target = path.resolve(path.dirname(file), specifier!);
        const candidates = [target, `${target}.js`, path.join(target, 'index.js')];
        const found = candidates.find(
          (candidate) => candidate.endsWith('.js') && existsSync(candidate),
        );
        if (found) pending.push(found);
        else if (!target.endsWith('.json')) throw new Error(`${file}: ${specifier} not built`);
      } else if (!specifier!.startsWith('node:') && !builtinModules.includes(specifier!)) {
        packages.add(packageOf(specifier!));
      }
    }
  }
  return packages;
}

describe('the compiled platform (npm run build, npm run start:prod)', () => {
  it('needs only the production packages, the ones the image installs', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const required = packagesRequiredBy(ENTRIES);
    for (const name of [
      '@apollo/gateway',
      '@apollo/subgraph',
      '@mikro-orm/postgresql',
      'fastify',
    ]) {
      expect(required.has(name)).toBe(true);
    }
    const missing = [...required].filter((name) => !(name in manifest.dependencies));
    expect(missing).toEqual([]);
  });

  it('starts without a TypeScript loader and serves the API', async () => {
    expect(await fetch(`${platform.url}/readyz`).then((answer) => answer.status)).toBe(200);
    const token = await platform.token();
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const created = await fetch(`${platform.url}/api/v1/orders`, {
      method: 'POST',
      headers,
      body: JSON.stringify(SPEC_ORDER),
    });
    expect(created.status).toBe(201);
    const order = (await created.json()) as { order_id: string; total: number };
    expect(order.total).toBe(18.7);
    const read = await fetch(`${platform.url}/api/v1/orders/${order.order_id}`, { headers });
    expect(await read.json()).toMatchObject({ order_id: order.order_id, status: 'created' });

    const graphql = await fetch(`${platform.url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: '{ menuItem(id: "burger_1") { name price { amount } } }' }),
    });
    expect(await graphql.json()).toEqual({
      data: { menuItem: { name: 'Burger Classique', price: { amount: 12.5 } } },
    });
  });

  it('serves the files it reads beside its code: OpenAPI, the console, the docs, the kitchen display', async () => {
    const openapi = await fetch(`${platform.url}/api/v1/openapi.json`);
    expect(openapi.status).toBe(200);
    expect(((await openapi.json()) as { openapi: string }).openapi).toMatch(/^3\.1/);
    for (const page of ['/console', '/console/console.js', '/docs', '/kds', '/kds/kds.css']) {
      const answer = await fetch(platform.url + page);
      expect({ page, status: answer.status }).toEqual({ page, status: 200 });
      expect((await answer.text()).length).toBeGreaterThan(100);
    }
    const vendor = await fetch(`${platform.url}/console/vendor/graphiql.min.js`);
    expect(vendor.status).toBe(200);
  });
});
