import pino from 'pino';

/** Where the platform's log lines go: what `npm start` writes on its standard output. */
export const BENCH_LOG_FILE = '.data/bench/platform.log';

/**
 * The bench platform's log destination: a JSON line per request at `LOG_LEVEL`, written as
 * `npm start` writes its standard output — pino's default destination there, asynchronous (each
 * line handed to a write on libuv's thread pool, the lines that come meanwhile written with it,
 * what is left flushed on exit) — but to a file rather than the terminal. What it costs is part
 * of what is measured; until the twenty-seventh session the bench wrote synchronously, a system
 * call per line on the main thread, which `npm start` does not.
 */
export function benchLogDestination(file = BENCH_LOG_FILE): pino.DestinationStream {
  return pino.destination({ dest: file, mkdir: true, append: false, sync: false });
}
