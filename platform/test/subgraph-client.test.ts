import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SubgraphClient } from '../src/graphql/subgraph-client';
import { createSubgraphFetcher } from '../src/graphql/subgraph-fetcher';
import { httpTransport } from '../src/graphql/subgraph-transport';
import { decodeInternalContext, INTERNAL_CONTEXT_HEADER } from '../src/tenancy/internal-context';
import type { Caller } from '../src/tenancy/tenant';

/** A service-to-service call over the kept-alive fetcher, against a stand-in service. */
const SECRET = 'a-secret-shared-by-the-services-of-this-test';
const caller: Caller = {
  restaurantId: 'rst_client_test',
  environment: 'sandbox',
  keyId: 'key_client_test',
  role: 'admin',
  scopes: [],
  limits: {},
};
const fetcher = createSubgraphFetcher({ timeoutMs: 300 });
let server: Server;
let url: string;
let answer: (request: IncomingMessage, body: string, response: ServerResponse) => void;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => answer(request, body, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  fetcher.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const transport = httpTransport(fetcher.fetch);
const client = () => new SubgraphClient(url, SECRET, transport);
const json = (response: ServerResponse, status: number, value: unknown) =>
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));

describe('SubgraphClient', () => {
  it('sends the query, the signed caller and the request id, and returns the data', async () => {
    let seen: { body: unknown; caller: unknown; requestId: unknown } | undefined;
    answer = (request, body, response) => {
      seen = {
        body: JSON.parse(body),
        caller: decodeInternalContext(String(request.headers[INTERNAL_CONTEXT_HEADER]), SECRET),
        requestId: request.headers['x-request-id'],
      };
      json(response, 200, { data: { menuItem: { id: 'burger_1' } } });
    };
    const data = await client()
      .forRequest('req_client_test')
      .request(caller, 'query($id: ID!) { menuItem(id: $id) { id } }', { id: 'burger_1' });
    expect(data).toEqual({ menuItem: { id: 'burger_1' } });
    expect(seen).toEqual({
      body: {
        query: 'query($id: ID!) { menuItem(id: $id) { id } }',
        variables: { id: 'burger_1' },
      },
      caller: expect.objectContaining({ restaurantId: 'rst_client_test', role: 'admin' }),
      requestId: 'req_client_test',
    });
  });

  it('reports an answer with errors, or without JSON, as the service being unavailable', async () => {
    answer = (_request, _body, response) =>
      json(response, 200, { data: null, errors: [{ message: 'no', extensions: { code: 'X' } }] });
    await expect(client().request(caller, '{ a }', {})).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      details: { status: 200, codes: ['X'] },
    });
    answer = (_request, _body, response) => response.writeHead(502).end('<html>bad gateway');
    await expect(client().request(caller, '{ a }', {})).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      details: { status: 502 },
    });
  });

  it('gives up on a service that does not answer, and on one that is not there', async () => {
    answer = () => {
      // Never answers.
    };
    const started = Date.now();
    await expect(client().request(caller, '{ a }', {})).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
      message: 'A platform service did not answer',
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    const nobody = new SubgraphClient('http://127.0.0.1:9/graphql', SECRET, transport);
    await expect(nobody.request(caller, '{ a }', {})).rejects.toMatchObject({
      code: 'SERVICE_UNAVAILABLE',
    });
  });
});
