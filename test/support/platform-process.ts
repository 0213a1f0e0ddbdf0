import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { RUNS_COMPILED } from '../../platform/src/runs-compiled';
import { TEST_DEMO_API_KEY } from './constants';

const ROOT = path.resolve(__dirname, '../..');

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * `npm start` as an operator runs it: `bin/start.ts` through tsx (or the compiled entry that
 * `npm run start:prod` runs), in a child process, on
 * `databaseUrl` (`undefined`: the embedded PostgreSQL, under `SOTTO_DATA_DIR`), on a free port,
 * with the demo restaurant's key set to TEST_DEMO_API_KEY. Its log lines (pino JSON on stdout)
 * are kept for the test to read.
 */
export class PlatformProcess {
  readonly lines: string[] = [];
  readonly exited: Promise<Exit>;
  url = '';
  private readonly child: ChildProcess;

  private constructor(child: ChildProcess) {
    this.child = child;
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  /**
   * Starts `bin/start.ts`; its output lines are kept for `log` and `records`, or with
   * `keepLines: false` only until it has started (the benchmark's gateway logs every request,
   * which its parent, serving that gateway's subgraphs, must not pay for keeping). `entry`: what
   * Node runs instead, such as the compiled `dist/bin/start.js` that `npm run start:prod` runs.
   */
  static async start(
    databaseUrl: string | undefined,
    env: Record<string, string> = {},
    options: { keepLines?: boolean; entry?: string[] } = {},
  ): Promise<PlatformProcess> {
    // Node itself with tsx's loader, not the tsx command: a signal (SIGKILL above all, which
    // cannot be relayed) must reach the process that runs the platform.
    // Compiled with the benchmark (`npm run bench`): the compiled entry beside this code.
    const entry =
      options.entry ?? (RUNS_COMPILED ? ['bin/start.js'] : ['--import', 'tsx', 'bin/start.ts']);
    const child = spawn(process.execPath, entry, {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
        PORT: '0',
        LOG_LEVEL: 'info',
        SOTTO_DEMO_API_KEY: TEST_DEMO_API_KEY,
        SOTTO_DB_POOL_MAX: '2',
        SOTTO_AUTH_RATE_PER_MINUTE: '100000',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const running = new PlatformProcess(child);
    let pending = '';
    let started = false;
    const read = (chunk: Buffer) => {
      // Read still, so that its pipe never fills; kept no more.
      if (started && options.keepLines === false) return;
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop()!;
      running.lines.push(...lines);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    let gone = false;
    void running.exited.then(() => (gone = true));
    const url = await Promise.race([
      new Promise<string>((resolve) => {
        const look = () => {
          const line = running.lines.find((text) => text.startsWith('Sotto gateway on '));
          if (line) return resolve(line.slice('Sotto gateway on '.length).trim());
          // Exited without announcing: the race below has failed; stop looking.
          if (!gone) setTimeout(look, 50);
        };
        look();
      }),
      running.exited.then((exit) => {
        throw new Error(`platform exited at start (${JSON.stringify(exit)}):\n${running.log()}`);
      }),
    ]);
    running.url = url;
    started = true;
    return running;
  }

  get pid(): number {
    return this.child.pid!;
  }

  kill(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  /** The log lines that are JSON (pino), parsed. */
  records(): Array<Record<string, unknown>> {
    return this.lines.flatMap((line) => {
      try {
        return [JSON.parse(line) as Record<string, unknown>];
      } catch {
        return [];
      }
    });
  }

  log(): string {
    return this.lines.join('\n');
  }

  /** Ends it whatever its state (after a test), waiting for the exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  /** An access token of the demo restaurant's sandbox key. */
  async token(): Promise<string> {
    const response = await fetch(`${this.url}/api/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ api_key: TEST_DEMO_API_KEY }),
    });
    if (response.status !== 200) throw new Error(`token: ${await response.text()}`);
    return ((await response.json()) as { access_token: string }).access_token;
  }
}
