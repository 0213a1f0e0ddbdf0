import { AsyncLocalStorage } from 'node:async_hooks';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** What {@link traceRequests} gives: the request being served, until `stop`. */
export interface RequestTrace {
  /** The `X-Request-Id` of the HTTP request whose handling runs now, if any. */
  requestId(): string | undefined;
  stop(): void;
}

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * Which HTTP request of `server` the code running now serves, for tests that attribute work to
 * a request (the messages sent to PostgreSQL, the entity managers forked). The platform passes
 * request ids along explicitly and keeps no async context of its own (see
 * `platform/src/idle-async-storage.ts`), so the test holds one: each request's handling runs in
 * a context carrying its `X-Request-Id` until its response is closed — in one process, the
 * gateway's work, the subgraphs it calls and their SQL. Work in the background (the event
 * consumers) is not in it.
 */
export function traceRequests(server: Server): RequestTrace {
  const current = new AsyncLocalStorage<string>();
  const listeners = server.listeners('request') as RequestListener[];
  const traced: RequestListener = (request, response) => {
    const id = request.headers['x-request-id'];
    const serve = () => {
      for (const listener of listeners) listener.call(server, request, response);
    };
    if (typeof id !== 'string') return serve();
    void current.run(
      id,
      () =>
        new Promise<void>((resolve) => {
          response.once('close', resolve);
          serve();
        }),
    );
  };
  server.removeAllListeners('request');
  server.on('request', traced);
  return {
    requestId: () => current.getStore(),
    stop: () => {
      server.off('request', traced);
      for (const listener of listeners) server.on('request', listener);
    },
  };
}
