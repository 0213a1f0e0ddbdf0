/**
 * `npm run bench`: compiles the benchmark with the platform (`bench/tsconfig.json`, as `npm run
 * build` compiles the platform for production) and runs it with plain Node, so that the figures
 * are those of the JavaScript production runs, not of the sources through `tsx`'s loader.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { build } from '../bin/build';

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, '.data', 'bench', 'dist');

build(OUT, 'bench/tsconfig.json');
const run = spawnSync(process.execPath, ['--enable-source-maps', path.join(OUT, 'bench/run.js')], {
  cwd: ROOT,
  stdio: 'inherit',
});
process.exit(run.status ?? 1);
