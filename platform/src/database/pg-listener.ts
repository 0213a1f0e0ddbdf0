import { Client } from 'pg';
import { DATABASE_TIMEOUTS } from './database-unavailable';

export interface ListenerOptions {
  url: string;
  /** `LISTEN` channels (plain identifiers). */
  channels: readonly string[];
  /**
   * How the connection shows in `pg_stat_activity`, after `LISTENER_APPLICATION_NAME` (to tell
   * listeners apart); by default, the channels.
   */
  applicationName?: string;
  onNotification(notification: { channel: string; payload?: string }): void;
  /** Called when the connection is lost, before reconnecting (notifications stop meanwhile). */
  onLost?(): void;
  /**
   * Called once listening again after the connection was lost: notifications sent meanwhile
   * are gone, so the owner reads what it missed (from its cursor, or its queue table).
   */
  onReconnected(): void;
  onError(error: unknown): void;
}

/** What every listening connection's `application_name` starts with, for operators and tests. */
export const LISTENER_APPLICATION_NAME = 'sotto-listener';

/** Between attempts to connect again: doubled each time, up to the maximum. */
const RECONNECT_MS = { first: 100, max: 5_000 };

/**
 * A `LISTEN` connection that comes back by itself: when PostgreSQL restarts or the network
 * drops it, the error is reported and the listener connects again, with backoff, until it is
 * stopped. The first connection is made by `start`, which fails when the database cannot be
 * reached (the service does not start half-listening).
 */
export class NotificationListener {
  private client?: Client;
  private timer?: NodeJS.Timeout;
  private delay = RECONNECT_MS.first;
  private stopped = false;

  constructor(private readonly options: ListenerOptions) {}

  async start(): Promise<void> {
    this.client = await this.connect();
  }

  /**
   * Sends a notification from the listening connection itself. PostgreSQL delivers
   * notifications in the order their transactions committed, so once this one comes back, every
   * notification committed before it was sent has been delivered too. Fails while disconnected.
   */
  async notify(channel: string, payload: string): Promise<void> {
    if (!this.client) throw new Error('the listening connection is down');
    await this.client.query('select pg_notify($1, $2)', [channel, payload]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.client?.end().catch(() => {});
  }

  private async connect(): Promise<Client> {
    const client = new Client({
      connectionString: this.options.url,
      connectionTimeoutMillis: DATABASE_TIMEOUTS.connectMs,
      application_name: `${LISTENER_APPLICATION_NAME} ${
        this.options.applicationName ?? this.options.channels.join(',')
      }`.slice(0, 63),
    });
    // Until it listens, a failure is the caller's (the promise); from then on, a loss reconnects.
    const beforeListening = () => {};
    client.on('error', beforeListening);
    try {
      await client.connect();
      for (const channel of this.options.channels) await client.query(`listen ${channel}`);
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    let lost = false;
    const onLost = (error?: unknown) => {
      if (error) this.options.onError(error);
      if (lost) return;
      lost = true;
      this.options.onLost?.();
      client.end().catch(() => {});
      if (this.client === client) this.client = undefined;
      this.reconnectSoon();
    };
    client.off('error', beforeListening);
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => this.options.onNotification(message));
    return client;
  }

  private reconnectSoon(): void {
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopped) return;
      this.connect().then(
        async (client) => {
          if (this.stopped) return void (await client.end().catch(() => {}));
          this.client = client;
          this.delay = RECONNECT_MS.first;
          this.options.onReconnected();
        },
        (error: unknown) => {
          this.options.onError(error);
          this.delay = Math.min(this.delay * 2, RECONNECT_MS.max);
          this.reconnectSoon();
        },
      );
    }, this.delay);
  }
}
