/** One request of a connection's own sequence: a path of the run's server, and a body. */
export interface LoadStep {
  method: 'GET' | 'POST' | 'PATCH';
  path: string;
  body?: string;
}

/** One measured run, as the benchmark asks the load generator for it. */
export interface LoadRequest {
  url: string;
  method: 'GET' | 'POST' | 'PATCH';
  headers: Record<string, string>;
  body?: string;
  connections: number;
  durationSeconds: number;
  /**
   * Instead of the one request repeated by every connection, a sequence of its own for each
   * connection (as many as `connections`), repeated in order: a kitchen display moving its own
   * order along. `url` is then the server's base, which the steps' paths follow.
   */
  sequences?: LoadStep[][];
}

/** What the load generator measured: every response's latency goes into the percentiles. */
export interface LoadResult {
  requestsPerSecond: number;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Non-2xx answers, socket errors and timeouts. */
  errors: number;
  /** The first status codes other than 2xx, with their count, to tell what the errors were. */
  statusCodes: Record<string, number>;
  /**
   * Milliseconds of CPU per answered request, measured by the bench around the run (not by the
   * load generator): the server's processes, PostgreSQL's, Redis's, the load generator's; absent
   * where /proc cannot tell (see `cpu-time.ts`).
   */
  cpu?: RunCpu;
}

/** Milliseconds of CPU per request of each party of a run; undefined where it cannot be read. */
export interface RunCpu {
  server: number | undefined;
  postgres: number | undefined;
  /** Undefined too for a server that shares nothing through Redis (one process). */
  redis?: number | undefined;
  load: number | undefined;
}

/** The latency below which `fraction` of the sorted samples fall (nearest rank). */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil(fraction * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}
