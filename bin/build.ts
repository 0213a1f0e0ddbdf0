/**
 * `npm run build [-- --out DIR]`: the platform compiled to JavaScript in `dist/` (or DIR), as
 * production runs it (`npm run start:prod`, the Dockerfile): plain Node.js, no TypeScript loader
 * at run time. The compiled tree mirrors the sources (`dist/gateway/src/…`), so that what the code
 * reads beside itself (`__dirname`) is found there too: `schema/` and the files of the source
 * folders that are not TypeScript (the console's, the docs' and the kitchen display's pages).
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(__dirname, '..');

/** The folders whose code is compiled; their other files are copied as they are. */
const SOURCE_FOLDERS = ['bin', 'launcher', 'platform', 'gateway', 'subgraphs'];
/** Read at run time from the project's root (the supergraph, the subgraphs' SDL, OpenAPI). */
const DATA_FOLDERS = ['schema'];

/** Files of `folder` (recursively, relative to the root) that are not TypeScript nor tests. */
function assetsOf(folder: string): string[] {
  return readdirSync(path.join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .map((name) => path.join(folder, name))
    .filter((file) => !file.endsWith('.ts') && statSync(path.join(ROOT, file)).isFile())
    .filter(
      (file) => !file.split(path.sep).some((part) => part === 'test' || part === 'node_modules'),
    );
}

function compile(out: string, project: string) {
  const tsc = require.resolve('typescript/bin/tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', project, '--outDir', out], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (run.status !== 0) throw new Error(`tsc failed (exit ${run.status ?? run.signal})`);
}

/**
 * Compiles `project` (a tsconfig of the project's root: the platform's, or the benchmark's
 * `bench/tsconfig.json`) into `out`, with the files the code reads beside itself.
 */
export function build(out: string, project = 'tsconfig.build.json'): void {
  rmSync(out, { recursive: true, force: true });
  compile(out, project);
  for (const folder of DATA_FOLDERS) {
    cpSync(path.join(ROOT, folder), path.join(out, folder), { recursive: true });
  }
  for (const file of SOURCE_FOLDERS.flatMap(assetsOf)) {
    mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
    copyFileSync(path.join(ROOT, file), path.join(out, file));
  }
}

if (require.main === module) {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'dist' } } });
  const out = path.resolve(ROOT, values.out);
  // Inside the project, so that the compiled code finds node_modules as the sources do.
  if (path.relative(ROOT, out).startsWith('..')) {
    console.error(
      `--out must be inside ${ROOT}: the compiled code resolves its packages from there`,
    );
    process.exit(2);
  }
  build(out);
  console.log(
    `built ${path.relative(ROOT, out) || '.'}: node ${path.relative(ROOT, out)}/bin/start.js`,
  );
}
