import type { FastifyRequest } from 'fastify';
import { directRequest } from './subgraph-http-route';

const posted = (body: unknown, headers: Record<string, string> = {}) =>
  ({
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  }) as unknown as FastifyRequest;

describe('directRequest', () => {
  const query = 'query ($id: ID!) { order(id: $id) { id } }';

  it('takes what the gateway and the services post: query, variables, operation name', () => {
    expect(directRequest(posted({ query }))).toEqual({ query });
    expect(
      directRequest(posted({ query, variables: { id: 'ord_1' }, operationName: 'Order' })),
    ).toEqual({ query, variables: { id: 'ord_1' }, operationName: 'Order' });
    // null is absent, as Apollo reads it.
    expect(directRequest(posted({ query, variables: null, operationName: null }))).toEqual({
      query,
    });
    expect(directRequest(posted({ query }, { accept: 'application/json' }))).toEqual({ query });
    expect(directRequest(posted({ query }, { accept: '*/*' }))).toEqual({ query });
  });

  it('leaves Apollo whatever it answers otherwise, or might: its 400s, other types, APQ', () => {
    const refused: unknown[] = [
      [{ query }],
      'query=%7B%7D',
      null,
      {},
      { query: '' },
      { query: 42 },
      { query, variables: '{"id":"ord_1"}' },
      { query, variables: ['ord_1'] },
      { query, operationName: 7 },
      { query, extensions: { persistedQuery: { version: 1 } } },
      { query, extensions: null },
    ];
    for (const body of refused)
      expect({ body, asked: directRequest(posted(body)) }).toEqual({
        body,
        asked: null,
      });
    expect(
      directRequest(posted({ query }, { accept: 'application/graphql-response+json' })),
    ).toBeNull();
    expect(directRequest(posted({ query }, { accept: 'multipart/mixed' }))).toBeNull();
    const get = { method: 'GET', headers: {}, query: { query } } as unknown as FastifyRequest;
    expect(directRequest(get)).toBeNull();
  });
});
