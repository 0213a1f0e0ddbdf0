import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { RUNS_COMPILED } from '../platform/src/runs-compiled';
import type { LoadRequest, LoadResult } from './load-request';

/**
 * Starts a benchmark child process (`file`: its TypeScript source's name), with IPC: its
 * compiled JavaScript when this code is compiled, else the source through tsx.
 */
export function forkBenchProcess(file: string): ChildProcess {
  const script = RUNS_COMPILED ? file.replace(/\.ts$/, '.js') : file;
  return fork(path.join(__dirname, script), [], {
    execArgv: RUNS_COMPILED ? [] : ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

/** The load generator's process, kept for the whole run, one measured run at a time. */
export class LoadClient {
  private readonly child = forkBenchProcess('load-generator.ts');

  run(request: LoadRequest): Promise<LoadResult> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`load generator exited (${code})`));
      this.child.once('exit', onExit);
      this.child.once('message', (message: { result?: LoadResult; error?: string }) => {
        this.child.off('exit', onExit);
        if (message.result) resolve(message.result);
        else reject(new Error(`load generator: ${message.error}`));
      });
      this.child.send(request);
    });
  }

  /** The load generator's process id, to read the CPU it used. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  stop() {
    this.child.kill();
  }
}
