import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { LoadRequest, LoadResult } from './load-request';

/** Starts a benchmark child process written in TypeScript, with IPC. */
export function forkBenchProcess(file: string): ChildProcess {
  return fork(path.join(__dirname, file), [], {
    execArgv: ['--import', 'tsx'],
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

  stop() {
    this.child.kill();
  }
}
