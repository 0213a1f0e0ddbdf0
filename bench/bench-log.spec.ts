import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createLogger } from '../platform/src/logger';
import { benchLogDestination } from './bench-log';

type Destination = pino.DestinationStream & {
  sync: boolean;
  minLength: number;
  end(): void;
} & NodeJS.EventEmitter;

/** A bench destination once its file is open. */
async function opened(file: string): Promise<Destination> {
  const destination = benchLogDestination(file) as Destination;
  await once(destination, 'ready');
  return destination;
}

describe("the bench's log", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'bench-log-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is written as `npm start` writes its standard output: asynchronously, nothing held back', async () => {
    // `bin/start.ts` gives createLogger no destination: pino's default on standard output, as a
    // process of its own has it (jest replaces this one's standard output).
    const script = `const pino = require('pino');
      const stream = require('./platform/src/logger').createLogger('sotto', 'info')[pino.symbols.streamSym];
      process.stdout.write(JSON.stringify({ sync: stream.sync, minLength: stream.minLength }));`;
    const started = JSON.parse(
      execFileSync(process.execPath, ['--import', 'tsx', '-e', script], {
        cwd: path.join(__dirname, '..'),
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    );
    const bench = await opened(path.join(dir, 'settings.log'));
    expect({ sync: bench.sync, minLength: bench.minLength }).toEqual(started);
    expect(started).toEqual({ sync: false, minLength: 0 });
    bench.end();
  });

  it('has every line in the file, in order, once ended (as on exit)', async () => {
    const file = path.join(dir, 'platform.log');
    const destination = await opened(file);
    const logger = createLogger('sotto', 'info', destination);
    for (let n = 0; n < 500; n++) logger.info({ n }, 'request');
    const closed = once(destination, 'close');
    destination.end();
    await closed;
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { n: number });
    expect(lines.map((line) => line.n)).toEqual(Array.from({ length: 500 }, (_, n) => n));
  });
});
