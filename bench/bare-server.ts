import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the bare server answers to one method and path: the platform's own answer, recorded. */
export interface RecordedAnswer {
  status: number;
  contentType: string;
  body: string;
}

/**
 * The machine's ceiling: `node:http` and nothing else, answering each scenario's request with
 * the bytes the platform answered to it (same status, same size), so that the difference
 * between the two rows of a scenario is what the platform does, not what the network carries.
 * A request body is read to its end and ignored.
 */
export class BareServer {
  private readonly answers = new Map<string, RecordedAnswer>();
  private server?: Server;

  answer(method: string, path: string, recorded: RecordedAnswer) {
    this.answers.set(`${method} ${path}`, recorded);
  }

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      request.resume();
      request.on('end', () => {
        const recorded = this.answers.get(`${request.method} ${request.url}`);
        const status = recorded?.status ?? 404;
        const body = recorded?.body ?? '{"error":{"code":"route_not_found"}}';
        response.writeHead(status, {
          'content-type': recorded?.contentType ?? 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
        });
        response.end(body);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop() {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve) ?? resolve(undefined));
  }
}
