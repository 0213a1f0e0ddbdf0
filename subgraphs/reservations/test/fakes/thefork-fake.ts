import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * TheFork's B2B API as its public documentation describes it, for tests: an Auth0-style
 * client-credentials token endpoint, then `GET /manager/v1/reservations/{id}` and
 * `GET /manager/v1/customers/{id}` with that bearer token.
 */
export interface TheForkReservation {
  reservationUuid: string;
  restaurantUuid: string;
  mealDate: string;
  partySize: number;
  status: string;
  customerNote?: string;
  customerUuid?: string;
}

export interface TheForkFake {
  apiUrl: string;
  authUrl: string;
  clientId: string;
  clientSecret: string;
  reservations: Map<string, TheForkReservation>;
  customers: Map<string, Record<string, string>>;
  /** Token requests received, to see that a token is reused. */
  tokenRequests: number;
  /** When set, every API answer is this status. */
  failWith: number | null;
  close(): Promise<void>;
}

async function body(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return null;
  }
}

export async function startTheForkFake(): Promise<TheForkFake> {
  const issued = new Set<string>();
  const fake: TheForkFake = {
    apiUrl: '',
    authUrl: '',
    clientId: 'sotto-test-client',
    clientSecret: 'a-very-secret-thefork-client-secret',
    reservations: new Map(),
    customers: new Map(),
    tokenRequests: 0,
    failWith: null,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer(async (request, response) => {
    const send = (status: number, json: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(json));
    };
    const url = new URL(request.url ?? '/', 'http://fake');
    if (request.method === 'POST' && url.pathname === '/oauth/token') {
      fake.tokenRequests++;
      const grant = (await body(request)) as Record<string, string> | null;
      if (
        grant?.grant_type !== 'client_credentials' ||
        grant.client_id !== fake.clientId ||
        grant.client_secret !== fake.clientSecret ||
        grant.audience !== 'https://api.thefork.io'
      ) {
        return send(401, { error: 'access_denied', error_description: 'Unauthorized' });
      }
      const token = `tok_${fake.tokenRequests}_${Math.random().toString(36).slice(2)}`;
      issued.add(token);
      return send(200, { access_token: token, expires_in: 8600, token_type: 'Bearer' });
    }
    const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (!bearer || !issued.has(bearer)) return send(401, { message: 'Unauthorized' });
    if (fake.failWith) return send(fake.failWith, { message: 'unavailable' });
    const reservation = /^\/manager\/v1\/reservations\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'GET' && reservation) {
      const found = fake.reservations.get(decodeURIComponent(reservation[1]!));
      return found ? send(200, found) : send(404, { message: 'Not found' });
    }
    const customer = /^\/manager\/v1\/customers\/([^/]+)$/.exec(url.pathname);
    if (request.method === 'GET' && customer) {
      const found = fake.customers.get(decodeURIComponent(customer[1]!));
      return found ? send(200, found) : send(404, { message: 'Not found' });
    }
    return send(404, { message: 'Not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.apiUrl = `http://127.0.0.1:${port}/manager`;
  fake.authUrl = `http://127.0.0.1:${port}/oauth/token`;
  return fake;
}
