import { buildSchema } from 'graphql';
import { ValidDocuments } from './direct-execution';

const schema = buildSchema(
  `type Query { order(id: ID!): Order } type Order { id: ID! status: String! }`,
);

describe('ValidDocuments', () => {
  it('parses and validates a text once, then answers the same document', () => {
    const documents = new ValidDocuments(schema);
    const query = 'query ($id: ID!) { order(id: $id) { id status } }';
    const first = documents.get(query);
    expect(first).toMatchObject({ kind: 'Document' });
    expect(documents.get(query)).toBe(first);
  });

  it('answers null for a text that does not parse, is not valid, or asks for introspection', () => {
    const documents = new ValidDocuments(schema);
    expect(documents.get('{ order(id: "1") {')).toBeNull();
    expect(documents.get('{ order(id: "1") { colour } }')).toBeNull();
    expect(documents.get('{ order { id } }')).toBeNull();
    expect(documents.get('{ __schema { types { name } } }')).toBeNull();
    expect(documents.get('{ order(id: "1") { __typename id } }')).not.toBeNull();
  });

  it('keeps at most its capacity, then starts again', () => {
    const documents = new ValidDocuments(schema, 2);
    const a = documents.get('{ order(id: "a") { id } }');
    documents.get('{ order(id: "b") { id } }');
    expect(documents.get('{ order(id: "a") { id } }')).toBe(a);
    documents.get('{ order(id: "c") { id } }');
    expect(documents.get('{ order(id: "a") { id } }')).not.toBe(a);
  });
});
