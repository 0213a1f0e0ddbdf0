import { Gauge, type Registry } from 'prom-client';

/** What a connection pool holds at this moment; `null` once the pool has been closed. */
export interface PoolFigures {
  max: number;
  inUse: number;
  idle: number;
  /** Requests waiting for a connection: the pool is the bottleneck while this stays above 0. */
  waiting: number;
}

type Watched = () => PoolFigures | null;

/** This process's pools by owner (`applicationName`'s): several of one owner add up. */
const pools = new Map<string, Set<Watched>>();

/** Counts `figures` in `sotto_db_pool_connections` under `owner` until it answers `null`. */
export function watchPool(owner: string, figures: Watched): void {
  const watched = pools.get(owner) ?? new Set<Watched>();
  pools.set(owner, watched.add(figures));
}

/** The figures of every pool of this process, summed by owner; closed pools are forgotten. */
export function poolFigures(): Map<string, PoolFigures> {
  const sums = new Map<string, PoolFigures>();
  for (const [owner, watched] of pools) {
    for (const figures of watched) {
      const now = figures();
      if (!now) {
        watched.delete(figures);
        continue;
      }
      const sum = sums.get(owner) ?? { max: 0, inUse: 0, idle: 0, waiting: 0 };
      sums.set(owner, {
        max: sum.max + now.max,
        inUse: sum.inUse + now.inUse,
        idle: sum.idle + now.idle,
        waiting: sum.waiting + now.waiting,
      });
    }
    if (!watched.size) pools.delete(owner);
  }
  return sums;
}

const STATES = { in_use: 'inUse', idle: 'idle', waiting: 'waiting', max: 'max' } as const;

/**
 * `sotto_db_pool_connections{pool,state}`: for each pool of this process (`orders`, `gateway`,
 * …), its connections in use and idle, the requests waiting for one, and its maximum. A pool
 * whose `waiting` stays above zero while PostgreSQL has cores to spare is too small
 * (`SOTTO_DB_POOL_MAX`).
 */
export function installPoolMetrics(registry: Registry): void {
  new Gauge({
    name: 'sotto_db_pool_connections',
    help: 'PostgreSQL connections of each pool of this process: `in_use`, `idle`, `max`, and `waiting` (requests waiting for a connection)',
    labelNames: ['pool', 'state'],
    registers: [registry],
    collect() {
      this.reset();
      for (const [pool, figures] of poolFigures()) {
        for (const [state, key] of Object.entries(STATES)) this.set({ pool, state }, figures[key]);
      }
    },
  });
}
