import { leaveSignalsToShutdown } from '../../platform/src/database/embedded-postgres';
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

/**
 * An orchestrator's stop, Ctrl-C, and the terminal that ran `npm start` closing: each drains
 * the platform. Node.js would end the process at once on SIGHUP, mid-request.
 */
export const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/** Logging never stands in the way of exiting (stdout may be a closed pipe by now). */
function quietly(log: () => void): void {
  try {
    log();
  } catch {
    // Nowhere left to say it.
  }
}

/**
 * On SIGTERM, SIGINT or SIGHUP, stops the platform once: `stop` drains it (readiness first,
 * then the listener, the requests in flight, the WebSockets, the consumers, the pools), then the
 * logs are flushed and the process exits 0. A stop that outlasts `timeoutMs` is cut short: the
 * reason is logged and the process exits 1. A second signal while stopping changes nothing. The
 * signals are this shutdown's alone: the embedded database, if any, stops with the rest, last,
 * not at the signal (`leaveSignalsToShutdown`).
 */
export function exitOnStopSignals(options: ShutdownOptions): (signal: string) => Promise<void> {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  const { logger, timeoutMs } = options;
  let stopping: Promise<void> | undefined;
  const finish = (code: number) => {
    quietly(() => logger.flush());
    exit(code);
  };

  const shutdown = (signal: string): Promise<void> => {
    stopping ??= (async () => {
      // Armed first: whatever happens next, the process ends within the bound.
      const overdue = setTimeout(() => {
        quietly(() =>
          logger.error(
            { signal, timeoutMs },
            'shutdown exceeded SOTTO_SHUTDOWN_TIMEOUT_MS: forcing exit with work still running',
          ),
        );
        finish(1);
      }, timeoutMs);
      quietly(() => logger.info({ signal, timeoutMs }, 'shutting down'));
      const started = Date.now();
      let code = 0;
      try {
        await options.stop();
      } catch (error) {
        code = 1;
        quietly(() => logger.error({ err: error }, 'shutdown failed'));
      }
      clearTimeout(overdue);
      quietly(() => logger.info({ signal, ms: Date.now() - started }, 'stopped'));
      finish(code);
    })();
    return stopping;
  };
  for (const signal of STOP_SIGNALS) process.on(signal, () => void shutdown(signal));
  leaveSignalsToShutdown(STOP_SIGNALS);
  return shutdown;
}
