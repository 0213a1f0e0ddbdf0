import { readFileSync } from 'node:fs';
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { Kind, parse, type DefinitionNode, type DocumentNode } from 'graphql';
import { keepFederationOperations } from './kept-operations';
import { SUPERGRAPH_PATH } from './supergraph';

const QUERY = `query Kept($id: ID!, $withPayments: Boolean = true) {
  order(id: $id) { id ...Totals payments @include(if: $withPayments) { id status } }
}
fragment Totals on Order { status total { amount } }`;

/** A document of `definitions`, as @apollo/gateway makes one for each execution. */
const documentOf = (definitions: readonly DefinitionNode[]): DocumentNode => ({
  kind: Kind.DOCUMENT,
  definitions,
});

describe('the federation operation kept per parsed operation', () => {
  const api = Supergraph.build(readFileSync(SUPERGRAPH_PATH, 'utf8')).apiSchema();
  const parsed = parse(QUERY);
  keepFederationOperations();

  it('is built once for the same parsed definitions, asked without validation', () => {
    const first = operationFromDocument(api, documentOf(parsed.definitions), { validate: false });
    const again = operationFromDocument(api, documentOf([...parsed.definitions]), {
      validate: false,
    });
    expect(again).toBe(first);
    // The same operation as one built and validated from the text.
    expect(first.toString()).toBe(operationFromDocument(api, parse(QUERY)).toString());
    expect(first.collectDefaultedVariableValues()).toEqual({ withPayments: true });
  });

  it('is built again for another parse of the same text, other fragments or another schema', () => {
    const kept = operationFromDocument(api, parsed, { validate: false });
    expect(operationFromDocument(api, parse(QUERY), { validate: false })).not.toBe(kept);
    const [operation, fragment] = parsed.definitions;
    const otherFragment = parse(QUERY).definitions[1]!;
    const withOther = operationFromDocument(api, documentOf([operation!, otherFragment]), {
      validate: false,
    });
    expect(withOther).not.toBe(kept);
    expect(withOther.toString()).toBe(kept.toString());
    // The kept one is for the fragment it was built with, until asked with that one again.
    expect(
      operationFromDocument(api, documentOf([operation!, fragment!]), { validate: false }),
    ).not.toBe(kept);
    const otherApi = Supergraph.build(readFileSync(SUPERGRAPH_PATH, 'utf8')).apiSchema();
    expect(operationFromDocument(otherApi, parsed, { validate: false }).schema()).toBe(otherApi);
  });

  it('is built each time where validation is asked for, as the query planner asks', () => {
    expect(operationFromDocument(api, parsed)).not.toBe(operationFromDocument(api, parsed));
  });

  it('refuses, every time, what the function as it is refuses', () => {
    const unknown = parse(`query { order(id: "x") { noSuchField } }`);
    for (let i = 0; i < 2; i++) {
      expect(() => operationFromDocument(api, unknown, { validate: false })).toThrow(/noSuchField/);
    }
  });

  it('is installed once: installed again, it still builds through the function as it is', () => {
    keepFederationOperations();
    // Installed twice, it would wrap itself and recurse on the first operation it has not kept.
    const fresh = parse(QUERY);
    const built = operationFromDocument(api, fresh, { validate: false });
    expect(built.toString()).toBe(operationFromDocument(api, parse(QUERY)).toString());
    expect(operationFromDocument(api, fresh, { validate: false })).toBe(built);
  });
});
