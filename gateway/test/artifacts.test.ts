import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { composeSupergraph } from '../src/compose-supergraph';
import { SUBGRAPHS } from '../src/subgraph-list';
import { SUPERGRAPH_PATH } from '../src/supergraph';

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

describe('docker-compose.yml', () => {
  const compose = parseYaml(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')) as {
    services: Record<
      string,
      {
        environment?: Record<string, string>;
        depends_on?: unknown;
        image?: string;
        build?: unknown;
        command?: unknown;
        healthcheck?: unknown;
      }
    >;
  };

  it('runs PostgreSQL, every subgraph and the gateway', () => {
    const services = Object.keys(compose.services).sort();
    expect(services).toEqual(['gateway', 'postgres', ...SUBGRAPHS.map((s) => s.name)].sort());
    expect(compose.services.postgres!.image).toMatch(/^postgres:1[5-9]/);
  });

  it('runs each subgraph where the supergraph says it is, sharing one internal secret', () => {
    for (const { name, url } of SUBGRAPHS) {
      const env = compose.services[name]!.environment!;
      expect(env.SOTTO_SERVICE).toBe(name);
      expect(String(env.PORT)).toBe(new URL(url).port);
      expect(env.HOST).toBe('0.0.0.0');
      expect(env.DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
      expect(env.SOTTO_INTERNAL_SECRET).toBe(
        '${SOTTO_INTERNAL_SECRET:?set a shared secret of 32+ characters}',
      );
    }
    const gateway = compose.services.gateway!.environment!;
    expect(gateway.SOTTO_SERVICE).toBe('gateway');
    for (const { name, url } of SUBGRAPHS) {
      expect(gateway[`SOTTO_${name.toUpperCase()}_URL`]).toBe(url);
    }
  });
});
