/**
 * CPU time of processes, read from Linux's /proc: what a measured run cost each party (the server,
 * PostgreSQL, Redis, the load generator) per request. On a shared host the rate of a 10-second
 * run swings by a quarter from one minute to the next; the CPU a request takes moves far less, so
 * it is the figure that tells two runs' code apart. Elsewhere than Linux nothing is read, and the
 * figures are absent rather than wrong.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks a second, the unit of /proc's CPU times (100 on every Linux we know, asked once). */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

const PROC = '/proc';

/** A process's stat fields after its name (which may hold spaces and parentheses). */
function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`${PROC}/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined; // gone, or no /proc here
  }
}

/** Seconds of CPU (user and system) the process has used so far; undefined when unreadable. */
export function cpuSeconds(pid: number): number | undefined {
  const fields = statFields(pid);
  if (!fields) return undefined;
  // utime and stime, the 14th and 15th fields of stat(5), the 12th and 13th after the name.
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

function processIds(): number[] {
  try {
    return readdirSync(PROC)
      .filter((entry) => /^\d+$/.test(entry))
      .map(Number);
  } catch {
    return [];
  }
}

/** The process and every process below it (a cluster's primary and its workers). */
export function processTree(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const pid of processIds()) {
    const parent = Number(statFields(pid)?.[1]);
    if (Number.isFinite(parent)) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  const tree: number[] = [];
  const visit = (pid: number) => {
    tree.push(pid);
    for (const child of children.get(pid) ?? []) visit(child);
  };
  visit(root);
  return tree;
}

/** Every process of this machine whose command is `name` (its /proc `comm`). */
function processesNamed(name: string): number[] {
  return processIds().filter((pid) => {
    try {
      return readFileSync(`${PROC}/${pid}/comm`, 'utf8').trim() === name;
    } catch {
      return false;
    }
  });
}

/** Every PostgreSQL process of this machine: the postmaster, its backends and its workers. */
export const postgresProcesses = (): number[] => processesNamed('postgres');

/** Every Redis server of this machine (workers share their limits and events through one). */
export const redisProcesses = (): number[] => processesNamed('redis-server');

/** The parties whose CPU a run measures, each a function naming its processes at that moment. */
export type Parties<Name extends string> = Record<Name, () => number[]>;

/** Milliseconds of CPU per request of each party over a run; undefined where unreadable. */
export type CpuPerRequest<Name extends string> = Record<Name, number | undefined>;

type Reading = Map<number, number>;

function read(pids: number[]): Reading {
  const reading: Reading = new Map();
  for (const pid of pids) {
    const seconds = cpuSeconds(pid);
    if (seconds !== undefined) reading.set(pid, seconds);
  }
  return reading;
}

/** CPU seconds used between two readings: a process that started in between counts from zero. */
function used(before: Reading, after: Reading): number {
  let total = 0;
  for (const [pid, seconds] of after) total += seconds - (before.get(pid) ?? 0);
  return total;
}

/**
 * Reads each party's CPU before `run` and after it, and divides what was used by the requests the
 * run answered. A party's processes are named at each reading, so one that starts during the run
 * (a PostgreSQL backend) counts from zero; one that ends during it is lost (runs keep their
 * connections). Undefined for a party none of whose processes could be read at the end.
 */
export async function measureCpu<Name extends string, T>(
  parties: Parties<Name>,
  run: () => Promise<T>,
  requests: (result: T) => number,
): Promise<{ result: T; cpu: CpuPerRequest<Name> }> {
  const names = Object.keys(parties) as Name[];
  const before = new Map(names.map((name) => [name, read(parties[name]())]));
  const result = await run();
  const count = requests(result);
  const cpu = {} as CpuPerRequest<Name>;
  for (const name of names) {
    const end = read(parties[name]());
    cpu[name] =
      end.size > 0 && count > 0 ? (used(before.get(name)!, end) * 1000) / count : undefined;
  }
  return { result, cpu };
}
