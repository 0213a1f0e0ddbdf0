import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy between the platform and its PostgreSQL that a test can break on purpose:
 * `cut()` is the database going away (every connection dropped, new ones refused until
 * `restore()`), `hold()` makes it stall (what the platform sends is kept back until `release()`).
 */
export class TcpFaultProxy {
  private readonly server: Server;
  private readonly pairs = new Set<[Socket, Socket]>();
  private readonly heldBack: Array<() => void> = [];
  private cutOff = false;
  private holding = false;
  /** What the platform sent while held, as text: proof that a given query waits on the database. */
  readonly heldText: string[] = [];

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {
    this.server = createServer((client) => this.accept(client));
  }

  /** A proxy to the server of `databaseUrl`; `url()` is the same URL through the proxy. */
  static forUrl(databaseUrl: string): TcpFaultProxy {
    const target = new URL(databaseUrl);
    return new TcpFaultProxy(target.hostname, Number(target.port || 5432));
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** `databaseUrl` with its host and port replaced by the proxy's. */
  url(databaseUrl: string): string {
    const url = new URL(databaseUrl);
    url.hostname = '127.0.0.1';
    url.port = String(this.port);
    return url.toString();
  }

  /** Drops every open connection and refuses new ones, as a stopped server does. */
  cut(): void {
    this.cutOff = true;
    for (const [client, upstream] of this.pairs) {
      client.destroy();
      upstream.destroy();
    }
    this.pairs.clear();
  }

  restore(): void {
    this.cutOff = false;
  }

  /** Keeps back everything the platform sends from now on. */
  hold(): void {
    this.holding = true;
  }

  /** Sends on what was kept back, and everything after it. */
  release(): void {
    this.holding = false;
    for (const send of this.heldBack.splice(0)) send();
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: Socket): void {
    if (this.cutOff) {
      client.destroy();
      return;
    }
    const upstream = connect(this.targetPort, this.targetHost);
    const pair: [Socket, Socket] = [client, upstream];
    this.pairs.add(pair);
    const drop = () => {
      this.pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.on('data', (chunk: Buffer) => {
      const send = () => upstream.write(chunk);
      if (this.holding) {
        this.heldText.push(chunk.toString('latin1'));
        this.heldBack.push(send);
      } else send();
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
  }
}
