import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { cpuSeconds, measureCpu, postgresProcesses, processTree, redisProcesses } from './cpu-time';

// /proc is Linux's; elsewhere the bench leaves the CPU columns empty, and there is nothing to read.
const linux = existsSync('/proc/self/stat') ? describe : describe.skip;

/**
 * Spins for `ms` of this process's own CPU, not of the clock: a busy host may give it less of its
 * cores meanwhile. Self-contained, so that a child process can run its source too.
 */
function spinCpu(ms: number) {
  const start = process.cpuUsage();
  const spent = () => process.cpuUsage(start);
  while (spent().user + spent().system < ms * 1000);
}

/** A node process that spins for `ms` of its own CPU (`spinCpu`), then waits to be killed. */
function spinner(ms: number) {
  const child = spawn(process.execPath, [
    '-e',
    `${spinCpu.toString()}; spinCpu(${ms});
     process.stdout.write('spun\\n'); setInterval(() => {}, 1000);`,
  ]);
  const spun = once(child.stdout, 'data');
  return { child, spun };
}

linux('CPU time from /proc', () => {
  it("reads this process's CPU time, which grows as it works", () => {
    const before = cpuSeconds(process.pid)!;
    spinCpu(150);
    const after = cpuSeconds(process.pid)!;
    expect(after - before).toBeGreaterThanOrEqual(0.1);
    expect(cpuSeconds(2 ** 22 + 1)).toBeUndefined();
  });

  it('finds the processes below one, and divides what they used by the requests', async () => {
    const parent = spawn(process.execPath, [
      '-e',
      `const { spawn } = require('node:child_process');
       const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
       process.stdout.write(String(child.pid) + '\\n'); setInterval(() => {}, 1000);`,
    ]);
    try {
      const [line] = await once(parent.stdout, 'data');
      const grandchild = Number(String(line).trim());
      expect(processTree(parent.pid!)).toEqual([parent.pid, grandchild]);
    } finally {
      parent.kill('SIGKILL');
    }

    let spinning: ReturnType<typeof spinner> | undefined;
    try {
      const { cpu, result } = await measureCpu(
        { spinner: () => (spinning ? [spinning.child.pid!] : []), idle: () => [process.pid] },
        async () => {
          spinning = spinner(400);
          await spinning.spun;
          return { requests: 4 };
        },
        (run) => run.requests,
      );
      expect(result.requests).toBe(4);
      // Started during the run, so counted from zero: about 400 ms of spinning for 4 requests.
      expect(cpu.spinner).toBeGreaterThan(300 / 4);
      expect(cpu.spinner).toBeLessThan(2000 / 4);
      expect(cpu.idle).toBeLessThan(cpu.spinner!);
    } finally {
      spinning?.child.kill('SIGKILL');
    }
  });

  it('finds the Redis and PostgreSQL servers by their command, and nothing else', async () => {
    // A process that calls itself redis-server (its /proc comm), as the server does.
    const impostor = spawn(process.execPath, [
      '-e',
      `process.title = 'redis-server'; process.stdout.write('named\\n'); setInterval(() => {}, 1000);`,
    ]);
    try {
      await once(impostor.stdout, 'data');
      expect(redisProcesses()).toContain(impostor.pid);
      expect(postgresProcesses()).not.toContain(impostor.pid);
      expect(redisProcesses()).not.toContain(process.pid);
    } finally {
      impostor.kill('SIGKILL');
    }
  });

  it('reports nothing for a party whose processes cannot be read', async () => {
    const { cpu } = await measureCpu(
      { nobody: () => [], gone: () => [2 ** 22 + 1] },
      async () => 10,
      (requests) => requests,
    );
    expect(cpu).toEqual({ nobody: undefined, gone: undefined });
  });
});
