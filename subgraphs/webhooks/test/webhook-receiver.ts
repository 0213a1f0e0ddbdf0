import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
  at: number;
}

/**
 * A webhook receiver on 127.0.0.1, as an integrator runs one: it records every request and
 * answers what `respond` says (200 unless told otherwise), after `delayMs` when set.
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  respond: (request: ReceivedWebhook, index: number) => number = () => 200;
  delayMs = 0;
  private readonly server: Server;

  constructor() {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        let json: unknown = null;
        try {
          json = JSON.parse(body);
        } catch {
          json = null;
        }
        const entry = {
          path: request.url ?? '/',
          headers: request.headers,
          body,
          json,
          at: Date.now(),
        };
        const index = this.received.push(entry) - 1;
        const status = this.respond(entry, index);
        setTimeout(() => response.writeHead(status).end('ok'), this.delayMs);
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  url(path = '/hooks'): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  on(path: string): ReceivedWebhook[] {
    return this.received.filter((entry) => entry.path === path);
  }

  /** Waits until `condition` holds of what was received, or fails after `timeoutMs`. */
  async until(condition: (received: ReceivedWebhook[]) => boolean, timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    while (!condition(this.received)) {
      if (Date.now() > deadline) {
        throw new Error(`receiver: condition not met; got ${this.received.length} requests`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
