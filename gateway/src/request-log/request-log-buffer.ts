import type { Logger } from '../../../platform/src/logger';
import type { RequestLogEntry, RequestLogStore } from './request-log-store';

export interface RequestLogBufferOptions {
  /** Entries held at most; past it the oldest are dropped (and counted). */
  capacity: number;
  /** A flush starts as soon as this many entries wait. */
  batchSize: number;
  /** Otherwise entries wait at most this long. */
  flushEveryMs: number;
  /** Called with how many entries were dropped, for the metric. */
  onDrop?: (count: number) => void;
}

/**
 * Keeps the request path free of writes: `record` only pushes to memory; a timer (or a full
 * batch) writes what waits with one multi-row insert, one flush at a time. A failed flush puts
 * its entries back for the next one. Memory stays bounded: when `capacity` entries wait, the
 * oldest go first and `onDrop` counts them.
 */
export class RequestLogBuffer {
  private entries: RequestLogEntry[] = [];
  private flushing: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;
  private stopped = false;

  constructor(
    private readonly store: RequestLogStore,
    private readonly logger: Logger,
    private readonly options: RequestLogBufferOptions,
  ) {
    this.timer = setInterval(() => this.flushQuietly(), options.flushEveryMs);
    this.timer.unref();
  }

  /** How many entries wait to be written. */
  get pending(): number {
    return this.entries.length;
  }

  record(entry: RequestLogEntry): void {
    if (this.stopped) return;
    this.entries.push(entry);
    this.trim();
    if (this.entries.length >= this.options.batchSize && !this.flushing) this.flushQuietly();
  }

  /** Writes every entry waiting now (after the flush already running, if any). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing.catch(() => {});
    if (this.entries.length === 0) return;
    const batch = this.entries.splice(0, this.options.batchSize);
    this.flushing = this.store.insert(batch).then(
      () => undefined,
      (error: unknown) => {
        this.logger.warn({ err: error, entries: batch.length }, 'request log: a flush failed');
        // Back in front of what came since, then bounded again.
        this.entries = [...batch, ...this.entries];
        this.trim();
        throw error;
      },
    );
    try {
      await this.flushing;
    } finally {
      this.flushing = null;
    }
    if (this.entries.length >= this.options.batchSize) await this.flush();
  }

  /** Stops the timer and writes what waits (on shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    while (this.entries.length > 0 || this.flushing) {
      const before = this.entries.length;
      await this.flush().catch(() => {});
      // The database is gone: what is left cannot be written.
      if (this.entries.length >= before) break;
    }
  }

  /** A flush nobody waits for: its failure is logged, and its entries wait for the next. */
  private flushQuietly(): void {
    this.flush().catch(() => {});
  }

  private trim(): void {
    const excess = this.entries.length - this.options.capacity;
    if (excess > 0) {
      this.entries.splice(0, excess);
      this.options.onDrop?.(excess);
    }
  }
}
