// The module's own exports object, which the gateway reads at each call: an import's namespace
// may be a copy of it (as tsx's loader makes one), where a property put would change nothing.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import operations = require('@apollo/federation-internals/dist/operations');
import type { Operation, Schema } from '@apollo/federation-internals';
import {
  Kind,
  type DefinitionNode,
  type DocumentNode,
  type OperationDefinitionNode,
} from 'graphql';

type OperationFromDocument = typeof operations.operationFromDocument;

/** An operation built for one parsed definition: with the fragments and name it was built with. */
interface KeptOperation {
  fragments: readonly DefinitionNode[];
  operationName: string | undefined;
  operation: Operation;
}

/** Which function the kept one wraps, once installed (`keepFederationOperations`). */
let original: OperationFromDocument | undefined;

/** By schema, then by the operation's parsed definition (the same object for the same text). */
const kept = new WeakMap<Schema, WeakMap<OperationDefinitionNode, KeptOperation>>();

const sameNodes = (a: readonly DefinitionNode[], b: readonly DefinitionNode[]) =>
  a.length === b.length && a.every((node, i) => node === b[i]);

/**
 * `operationFromDocument` keeping what it builds when it is asked not to validate, as
 * `@apollo/gateway` asks for the answer of every operation it executes (`executeQueryPlan`: the
 * federation `Operation` of the operation's definition and fragments, to shape the subgraphs'
 * data into the answer). Apollo Server hands the gateway the same parsed document for the same
 * query text (its document store), so an operation that a REST route or a client sends again
 * finds the `Operation` built the first time: one less walk of its selections against the API
 * schema at each request. The `Operation` is only read there (its selection set and variable
 * definitions; the variables' values are applied when the answer is shaped). A document built
 * otherwise, one that validates, or several operations in one document, go to the function as
 * it is.
 */
function keptOperationFromDocument(
  schema: Schema,
  document: DocumentNode,
  options?: Parameters<OperationFromDocument>[2],
): Operation {
  const build = original!;
  const definitions = document.definitions;
  const operationsIn = definitions.filter((node) => node.kind === Kind.OPERATION_DEFINITION);
  if (options?.validate !== false || operationsIn.length !== 1) {
    return build(schema, document, options);
  }
  const definition = operationsIn[0] as OperationDefinitionNode;
  const fragments = definitions.filter((node) => node !== definition);
  const operationName = options.operationName;
  let bySchema = kept.get(schema);
  const found = bySchema?.get(definition);
  if (found && found.operationName === operationName && sameNodes(found.fragments, fragments)) {
    return found.operation;
  }
  const operation = build(schema, document, options);
  if (!bySchema) kept.set(schema, (bySchema = new WeakMap()));
  bySchema.set(definition, { fragments, operationName, operation });
  return operation;
}

/**
 * Installs `keptOperationFromDocument` in place of `@apollo/federation-internals`'s
 * `operationFromDocument`, which `@apollo/gateway` calls through the package's exports at each
 * call. Idempotent.
 */
export function keepFederationOperations(): void {
  if (original) return;
  original = operations.operationFromDocument;
  Object.defineProperty(operations, 'operationFromDocument', {
    value: keptOperationFromDocument,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}
