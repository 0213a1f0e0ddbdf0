import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { GraphQLError } from 'graphql';
import type {
  SubgraphReply,
  SubgraphTransport,
} from '../../platform/src/graphql/subgraph-transport';
import {
  decodeInternalContext,
  INTERNAL_CONTEXT_HEADER,
} from '../../platform/src/tenancy/internal-context';
import type { GatewayContext } from './context';
import { SubgraphDataSource } from './subgraph-data-source';

const SECRET = 'a-secret-for-the-data-source-spec-a-secret';
const URL = 'http://127.0.0.1:4001/graphql';
const caller = {
  restaurantId: 'rst_ds',
  environment: 'sandbox' as const,
  keyId: 'key_ds',
  role: 'admin' as const,
  scopes: [],
};

const fetchFor = (context: Partial<GatewayContext>) =>
  ({
    kind: 'incoming operation',
    request: { query: '{ order(id: "ord_1") { id } }', variables: { a: 1 }, operationName: 'A' },
    incomingRequestContext: {},
    context,
  }) as unknown as GraphQLDataSourceProcessOptions<GatewayContext>;

const sourceAnswering = (reply: SubgraphReply | Error) => {
  const transport = jest.fn<ReturnType<SubgraphTransport>, Parameters<SubgraphTransport>>(
    async () => {
      if (reply instanceof Error) throw reply;
      return reply;
    },
  );
  return { source: new SubgraphDataSource('orders', URL, SECRET, transport), transport };
};

const failure = (source: SubgraphDataSource) =>
  source.process(fetchFor({ caller })).then(
    () => {
      throw new Error('expected the fetch to fail');
    },
    (error: unknown) => error,
  );

describe('SubgraphDataSource', () => {
  it('sends the request with the signed caller and the request id, and returns the answer', async () => {
    const body = { data: { order: { id: 'ord_1' } } };
    const { source, transport } = sourceAnswering({ status: 200, statusText: 'OK', body });
    const answer = await source.process(fetchFor({ caller, requestId: 'req_ds_spec_1' }));
    expect(answer).toBe(body);
    const [url, headers, request] = transport.mock.calls[0]!;
    expect(url).toBe(URL);
    expect(request).toEqual({
      query: '{ order(id: "ord_1") { id } }',
      variables: { a: 1 },
      operationName: 'A',
    });
    expect(headers['x-request-id']).toBe('req_ds_spec_1');
    expect(decodeInternalContext(headers[INTERNAL_CONTEXT_HEADER], SECRET)).toMatchObject(caller);
    expect(Object.keys(headers).some((name) => name === 'authorization')).toBe(false);
  });

  it('sends no caller for an anonymous request', async () => {
    const { source, transport } = sourceAnswering({ status: 200, statusText: 'OK', body: {} });
    await source.process(fetchFor({}));
    expect(transport.mock.calls[0]![1]).toEqual({});
  });

  it('names the subgraph unavailable when nothing answers, or a proxy answers 502 to 504', async () => {
    for (const reply of [
      new Error('connect ECONNREFUSED'),
      { status: 502, statusText: 'Bad Gateway', body: '<html>' },
      { status: 504, statusText: 'Gateway Timeout', body: '' },
    ]) {
      const error = await failure(sourceAnswering(reply).source);
      expect(error).toBeInstanceOf(GraphQLError);
      expect((error as GraphQLError).extensions).toEqual({
        code: 'SERVICE_UNAVAILABLE',
        details: { service: 'orders' },
      });
    }
  });

  it('turns another error status into an error naming it, with the answer', async () => {
    const body = { errors: [{ message: 'Context creation failed' }] };
    const error = (await failure(
      sourceAnswering({ status: 500, statusText: 'Internal Server Error', body }).source,
    )) as GraphQLError;
    expect(error.message).toBe('500: Internal Server Error');
    expect(error.extensions.response).toEqual({
      url: URL,
      status: 500,
      statusText: 'Internal Server Error',
      body,
    });
    const forbidden = (await failure(
      sourceAnswering({ status: 403, statusText: 'Forbidden', body: {} }).source,
    )) as GraphQLError;
    expect(forbidden.extensions.code).toBe('FORBIDDEN');
  });

  it('refuses an answer that is not a JSON object', async () => {
    const error = await failure(
      sourceAnswering({ status: 200, statusText: 'OK', body: 'not json' }).source,
    );
    expect((error as Error).message).toMatch(/Expected JSON response body/);
  });
});
