import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

const BenchSettingsSchema = z.object({
  /** Seconds of measured load per scenario and per server. */
  BENCH_DURATION_SECONDS: positiveInt.default(10),
  /**
   * Seconds of unmeasured load before each measured run (JIT, caches, pools); 0: none. Ten,
   * because V8 goes on optimizing the platform's code for about that long under load: with two,
   * a POST run measured code still being compiled (see the README's Benchmarks).
   */
  BENCH_WARMUP_SECONDS: z.coerce.number().int().min(0).default(10),
  /** Concurrent HTTP connections of the load generator. */
  BENCH_CONNECTIONS: positiveInt.default(20),
  /** graphql-ws subscribers of the fan-out, one WebSocket each. */
  BENCH_SUBSCRIBERS: positiveInt.default(1000),
  /** Orders created one after the other during the fan-out, each delivered to every subscriber. */
  BENCH_FANOUT_EVENTS: positiveInt.default(5),
  /**
   * `1`: each scenario is also measured against a gateway in a process of its own
   * (`SOTTO_SERVICE=gateway`, as docker-compose runs it) in front of the same subgraphs.
   */
  BENCH_SEPARATE_GATEWAY: z
    .enum(['0', '1'])
    .default('1')
    .transform((value) => value === '1'),
  /**
   * Above 1: each scenario is also measured against `npm start` with SOTTO_WORKERS at this
   * value, on the same database, its workers sharing BENCH_REDIS_URL; 0: not measured.
   */
  BENCH_WORKERS: z.coerce.number().int().min(0).max(64).default(0),
  /** The Redis of the workers' run (BENCH_WORKERS); the bench's own platform uses none. */
  BENCH_REDIS_URL: z.string().url().optional(),
  /** Where the results are written. */
  BENCH_RESULTS_FILE: z.string().min(1).default('bench/RESULTS.md'),
});

export type BenchSettings = z.infer<typeof BenchSettingsSchema>;

export function loadBenchSettings(env: NodeJS.ProcessEnv = process.env): BenchSettings {
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = BenchSettingsSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid benchmark settings: ${problems.join('; ')}`);
  }
  if (parsed.data.BENCH_WORKERS > 1 && !parsed.data.BENCH_REDIS_URL) {
    throw new Error('Invalid benchmark settings: BENCH_WORKERS above 1 needs BENCH_REDIS_URL');
  }
  return parsed.data;
}
