import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { composeSupergraph } from '../src/compose-supergraph';
import { SUBGRAPHS } from '../src/subgraph-list';
import { SUPERGRAPH_PATH } from '../src/supergraph';
import { DEFAULT_DB_POOL_MAX } from '../../platform/src/config';

const ROOT = path.resolve(__dirname, '../..');

describe('committed artefacts', () => {
  it('schema/supergraph.graphql is what `npm run compose` makes of schema/*.graphql', () => {
    expect(readFileSync(SUPERGRAPH_PATH, 'utf8')).toBe(composeSupergraph());
  });

  it('the generated resolver types and SDK operations are what `npm run codegen` makes', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'sotto-codegen-'));
    try {
      execFileSync(
        process.execPath,
        [path.join(ROOT, 'node_modules/@graphql-codegen/cli/cjs/bin.js'), '--config', 'codegen.ts'],
        { cwd: ROOT, env: { ...process.env, SOTTO_CODEGEN_OUT: out }, stdio: 'pipe' },
      );
      const files = [
        ...SUBGRAPHS.map(({ name }) => `subgraphs/${name}/src/__generated__/resolvers-types.ts`),
        'sdk/src/__generated__/operations.ts',
      ];
      for (const file of files) {
        const fresh = readFileSync(path.join(out, file), 'utf8');
        const committed = readFileSync(path.join(ROOT, file), 'utf8');
        expect({ file, stale: committed !== fresh }).toEqual({ file, stale: false });
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});

interface ComposeService {
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  image?: string;
  build?: unknown;
  command?: unknown;
  healthcheck?: unknown;
  ports?: string[];
  volumes?: string[];
}

describe('docker-compose.yml', () => {
  // Anchors and merge keys (`<<: *service`) resolved as Docker Compose resolves them.
  const compose = parseYaml(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'), {
    merge: true,
  }) as { services: Record<string, ComposeService> };
  const { services } = compose;
  const GATEWAYS = ['gateway-1', 'gateway-2'];
  const SECRET = '${SOTTO_INTERNAL_SECRET:?set a shared secret of 32+ characters}';

  it('runs PostgreSQL, Redis, every subgraph, two gateway replicas and a load balancer', () => {
    expect(Object.keys(services).sort()).toEqual(
      ['lb', 'postgres', 'redis', ...GATEWAYS, ...SUBGRAPHS.map((s) => s.name)].sort(),
    );
    expect(services.postgres!.image).toMatch(/^postgres:1[5-9]/);
    expect(services.redis!.image).toMatch(/^redis:[67]/);
    expect(services.lb!.image).toMatch(/^nginx:/);
  });

  it("lets PostgreSQL accept twice the connections the containers' pools may open", () => {
    const command = services.postgres!.command as string[];
    const limit = command[command.indexOf('-c') + 1]!.match(/^max_connections=(\d+)$/);
    const pooled = Object.values(services).filter((service) => service.environment?.SOTTO_SERVICE);
    // Twice over: beside the pools, each container's listener and event-log readers, and psql.
    expect(pooled).toHaveLength(SUBGRAPHS.length + GATEWAYS.length);
    expect(Number(limit![1])).toBeGreaterThanOrEqual(2 * pooled.length * DEFAULT_DB_POOL_MAX);
  });

  it('every service a service waits for exists, with a health check to wait on', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [needed, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect({ name, needed, exists: needed in services }).toEqual({
          name,
          needed,
          exists: true,
        });
        expect(condition).toBe('service_healthy');
        expect(services[needed]!.healthcheck).toBeDefined();
      }
    }
  });

  it('runs each subgraph where the supergraph says it is, sharing one internal secret', () => {
    for (const { name, url } of SUBGRAPHS) {
      const env = services[name]!.environment!;
      expect(env.SOTTO_SERVICE).toBe(name);
      expect(String(env.PORT)).toBe(new URL(url).port);
      expect(env.HOST).toBe('0.0.0.0');
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
      expect(env.SOTTO_INTERNAL_SECRET).toBe(SECRET);
      // Only the load balancer is published.
      expect(services[name]!.ports).toBeUndefined();
    }
  });

  it('two gateway replicas alike, pointed at every subgraph, sharing one Redis', () => {
    for (const name of GATEWAYS) {
      const env = services[name]!.environment!;
      expect(env).toEqual(services['gateway-1']!.environment);
      expect(env.SOTTO_SERVICE).toBe('gateway');
      expect(env.SOTTO_INTERNAL_SECRET).toBe(SECRET);
      expect(env.DATABASE_URL).toBe(services.identity!.environment!.DATABASE_URL);
      expect(new URL(env.REDIS_URL!).host).toBe('redis:6379');
      expect(env.SOTTO_REDIS_KEY_PREFIX).toBeTruthy();
      expect(env.SOTTO_TRUST_PROXY).toBe('1');
      for (const { name: subgraph, url } of SUBGRAPHS) {
        expect(env[`SOTTO_${subgraph.toUpperCase()}_URL`]).toBe(url);
        const { hostname, port } = new URL(url);
        expect(String(services[hostname]!.environment!.PORT)).toBe(port);
      }
      for (const { name: subgraph } of SUBGRAPHS) {
        expect(Object.keys(services[name]!.depends_on!)).toContain(subgraph);
      }
      expect(Object.keys(services[name]!.depends_on!)).toContain('redis');
      expect(services[name]!.ports).toBeUndefined();
    }
  });

  it('the load balancer spreads HTTP and WebSockets over both replicas', () => {
    const lb = services.lb!;
    expect(lb.ports).toEqual(['4000:4000']);
    expect(Object.keys(lb.depends_on!).sort()).toEqual(GATEWAYS);
    const [file, mountedAt] = lb.volumes![0]!.split(':');
    expect(mountedAt).toBe('/etc/nginx/nginx.conf');
    const nginx = readFileSync(path.join(ROOT, file!), 'utf8');
    const upstream = /upstream sotto_gateway \{([^}]*)\}/.exec(nginx)?.[1] ?? '';
    const servers = [...upstream.matchAll(/^\s*server\s+([\w.-]+):(\d+)/gm)].map((m) => ({
      host: m[1],
      port: m[2],
    }));
    expect(servers.map((server) => server.host)).toEqual(GATEWAYS);
    for (const server of servers) {
      expect(String(services[server.host!]!.environment!.PORT)).toBe(server.port);
    }
    expect(nginx).toMatch(/listen 4000;/);
    expect(nginx).toMatch(/proxy_pass http:\/\/sotto_gateway;/);
    expect(nginx).toMatch(/proxy_http_version 1\.1;/);
    expect(nginx).toMatch(/proxy_set_header Upgrade \$http_upgrade;/);
    expect(nginx).toMatch(/proxy_set_header Connection \$connection_upgrade;/);
    expect(nginx).toMatch(/proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;/);
    // Longer than the gateway's 12-second WebSocket pings, so idle subscriptions stay open.
    expect(Number(/proxy_read_timeout (\d+)s;/.exec(nginx)?.[1])).toBeGreaterThan(12);
  });
});

describe('Dockerfile', () => {
  // Its stages: each `FROM` and the instructions up to the next one.
  const stages = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.trim().startsWith('#'))
    .reduce<string[][]>((found, line) => {
      if (line.startsWith('FROM ')) found.push([]);
      found.at(-1)?.push(line.trim());
      return found;
    }, []);
  const build = stages[0]!;
  const runtime = stages.at(-1)!;

  it('compiles the platform in a stage of its own', () => {
    expect(stages).toHaveLength(2);
    expect(build[0]).toMatch(/^FROM node:\S+ AS build$/);
    expect(build).toContain('RUN npm run build');
    // Every package, the compiler among them, before the sources are compiled.
    expect(build.indexOf('RUN npm install --no-audit --no-fund')).toBeLessThan(
      build.indexOf('RUN npm run build'),
    );
  });

  it('runs the compiled entry with the production packages only', () => {
    expect(runtime).toContain('ENV NODE_ENV=production');
    expect(runtime).toContain('RUN npm install --no-audit --no-fund --omit=dev');
    expect(runtime).toContain('COPY --from=build /app/dist ./dist');
    expect(runtime).not.toContain('COPY . .');
    expect(runtime).toContain('USER node');
    const command = JSON.parse(runtime.at(-1)!.replace(/^CMD /, '')) as string[];
    expect(command).toEqual(['node', '--enable-source-maps', 'dist/bin/start.js']);
    // What `npm run start:prod` runs too.
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(manifest.scripts['start:prod']).toBe(command.join(' '));
  });
});
