import type { Logger } from '../../platform/src/logger';

export interface ShutdownOptions {
  logger: Logger;
  /** Past this, the process exits with status 1 and says why, whatever is still running. */
  timeoutMs: number;
  /** Drains and closes everything, in order (`RunningPlatform.stop`). */
  stop(): Promise<void>;
  /** `process.exit`, replaced in tests. */
  exit?: (code: number) => void;
}

export const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * On SIGTERM or SIGINT, stops the platform once: `stop` drains it (readiness first, then the
 * listener, the requests in flight, the WebSockets, the consumers, the pools), then the logs are
 * flushed and the process exits 0. A stop that outlasts `timeoutMs` is cut short: the reason is
 * logged and the process exits 1. A second signal while stopping changes nothing.
 */
export function exitOnStopSignals(options: ShutdownOptions): (signal: string) => Promise<void> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const { logger, timeoutMs } = options;
  let stopping: Promise<void> | undefined;
  const finish = (code: number) => {
    logger.flush();
    exit(code);
  };

  const shutdown = (signal: string): Promise<void> => {
    stopping ??= (async () => {
      logger.info({ signal, timeoutMs }, 'shutting down');
      const started = Date.now();
      let timer: NodeJS.Timeout | undefined;
      const overdue = new Promise<'overdue'>((resolve) => {
        timer = setTimeout(() => resolve('overdue'), timeoutMs);
      });
      const stopped = options.stop().then(
        () => 'stopped' as const,
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          return 'failed' as const;
        },
      );
      const outcome = await Promise.race([stopped, overdue]);
      clearTimeout(timer);
      if (outcome === 'overdue') {
        logger.error(
          { signal, timeoutMs },
          'shutdown exceeded SOTTO_SHUTDOWN_TIMEOUT_MS: forcing exit with work still running',
        );
        return finish(1);
      }
      logger.info({ signal, ms: Date.now() - started }, 'stopped');
      finish(outcome === 'stopped' ? 0 : 1);
    })();
    return stopping;
  };
  for (const signal of STOP_SIGNALS) process.on(signal, () => void shutdown(signal));
  return shutdown;
}
