import { Client, type Notification } from 'pg';
import { applicationName } from './application-name';
import { DATABASE_TIMEOUTS } from './database-unavailable';

export interface ListenerOptions {
  url: string;
  /** `LISTEN` channels (plain identifiers). */
  channels: readonly string[];
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

/** The `application_name` of this process's listening connection. */
export function listenerApplicationName(pid = process.pid): string {
  return applicationName('listener', pid);
}

/** Between attempts to connect again: doubled each time, up to the maximum. */
const RECONNECT_MS = { first: 100, max: 5_000 };

/**
 * One `LISTEN` connection per database for the whole process, shared by its listeners: each
 * commit that notifies wakes every listening backend of the database, whatever its channels,
 * so one connection instead of one per consumer, worker and cache saves the database that work
 * (and connections). It comes back by itself: when PostgreSQL restarts or the network drops
 * it, every listener is told, and the connection is made again, with backoff, while any
 * listener remains.
 */
class ListeningConnection {
  private static readonly open = new Map<string, ListeningConnection>();

  static for(url: string): ListeningConnection {
    let connection = ListeningConnection.open.get(url);
    if (!connection) {
      connection = new ListeningConnection(url);
      ListeningConnection.open.set(url, connection);
    }
    return connection;
  }

  private readonly members = new Set<ListenerOptions>();
  /** The members there when the connection was lost: told when it is back. */
  private readonly lostMembers = new Set<ListenerOptions>();
  private client?: Client;
  private connecting?: Promise<Client>;
  private listening = new Set<string>();
  private timer?: NodeJS.Timeout;
  private delay = RECONNECT_MS.first;
  private closed = false;

  private constructor(private readonly url: string) {}

  /** Listens for `member`; fails, without it, when the database cannot be reached. */
  async add(member: ListenerOptions): Promise<void> {
    this.members.add(member);
    try {
      const client = this.client ?? (await this.connectNow());
      for (const channel of member.channels) await this.listen(client, channel);
    } catch (error) {
      await this.remove(member);
      throw error;
    }
  }

  async remove(member: ListenerOptions): Promise<void> {
    this.members.delete(member);
    this.lostMembers.delete(member);
    if (this.members.size === 0) return this.close();
    const client = this.client;
    for (const channel of member.channels) {
      if (this.wanted(channel) || !client) continue;
      this.listening.delete(channel);
      await client.query(`unlisten ${channel}`).catch(() => {});
    }
  }

  async notify(channel: string, payload: string): Promise<void> {
    if (!this.client) throw new Error('the listening connection is down');
    await this.client.query('select pg_notify($1, $2)', [channel, payload]);
  }

  private wanted(channel: string): boolean {
    for (const member of this.members) if (member.channels.includes(channel)) return true;
    return false;
  }

  private async listen(client: Client, channel: string): Promise<void> {
    if (this.listening.has(channel)) return;
    this.listening.add(channel);
    try {
      await client.query(`listen ${channel}`);
    } catch (error) {
      this.listening.delete(channel);
      throw error;
    }
  }

  private async close(): Promise<void> {
    this.closed = true;
    if (ListeningConnection.open.get(this.url) === this) ListeningConnection.open.delete(this.url);
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => {});
  }

  /**
   * Connects at once (a listener starting does not wait for the backoff; a pending reconnection
   * stays scheduled, and finds the connection back), one attempt at a time.
   */
  private connectNow(): Promise<Client> {
    this.connecting ??= this.connect()
      .then((client) => {
        this.delay = RECONNECT_MS.first;
        const back = [...this.lostMembers];
        this.lostMembers.clear();
        for (const member of back) member.onReconnected();
        return client;
      })
      .finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async connect(): Promise<Client> {
    const client = new Client({
      connectionString: this.url,
      connectionTimeoutMillis: DATABASE_TIMEOUTS.connectMs,
      application_name: listenerApplicationName(),
    });
    // Until it listens, a failure is the caller's (the promise); from then on, a loss reconnects.
    const beforeListening = () => {};
    client.on('error', beforeListening);
    const listening = new Set<string>();
    try {
      await client.connect();
      for (const member of this.members) {
        for (const channel of member.channels) {
          if (listening.has(channel)) continue;
          listening.add(channel);
          await client.query(`listen ${channel}`);
        }
      }
    } catch (error) {
      await client.end().catch(() => {});
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      throw new Error('the listeners stopped while connecting');
    }
    let lost = false;
    const onLost = (error?: unknown) => {
      if (lost) return;
      lost = true;
      client.end().catch(() => {});
      if (this.client !== client) return;
      this.client = undefined;
      this.listening = new Set();
      for (const member of this.members) {
        if (error) member.onError(error);
        this.lostMembers.add(member);
        member.onLost?.();
      }
      this.reconnectSoon();
    };
    client.off('error', beforeListening);
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', (message) => this.deliver(message));
    this.client = client;
    this.listening = listening;
    return client;
  }

  /** To each listener of the channel; one listener's failure is its own. */
  private deliver(message: Notification): void {
    for (const member of this.members) {
      if (!member.channels.includes(message.channel)) continue;
      try {
        member.onNotification(message);
      } catch (error) {
        member.onError(error);
      }
    }
  }

  private reconnectSoon(): void {
    if (this.closed || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.closed || this.client) return;
      this.connectNow().catch((error: unknown) => {
        for (const member of this.members) member.onError(error);
        this.delay = Math.min(this.delay * 2, RECONNECT_MS.max);
        this.reconnectSoon();
      });
    }, this.delay);
  }
}

/**
 * Listens on channels of a database, through the process's one listening connection to it
 * (`ListeningConnection`). `start` fails when the database cannot be reached (the service does
 * not start half-listening); after that, a lost connection is reported (`onLost`) and, once it
 * is back, `onReconnected`.
 */
export class NotificationListener {
  private connection?: ListeningConnection;

  constructor(private readonly options: ListenerOptions) {}

  async start(): Promise<void> {
    const connection = ListeningConnection.for(this.options.url);
    await connection.add(this.options);
    this.connection = connection;
  }

  /**
   * Sends a notification from the listening connection itself. PostgreSQL delivers
   * notifications in the order their transactions committed, so once this one comes back, every
   * notification committed before it was sent has been delivered too. Fails while disconnected.
   */
  async notify(channel: string, payload: string): Promise<void> {
    if (!this.connection) throw new Error('the listening connection is down');
    await this.connection.notify(channel, payload);
  }

  async stop(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    await connection?.remove(this.options);
  }
}
