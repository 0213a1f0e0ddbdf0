import {
  BREAK,
  getOperationAST,
  Kind,
  visit,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/**
 * Runs of an operation before it is compiled: compiling costs several runs of it, and the
 * operations of the gateway's query plans come again and again where one-off ones do not.
 */
const RUNS_BEFORE_COMPILING = 2;

/** An operation not for graphql-jit, or that it could not compile: graphql-js's for good. */
const INTERPRETED = 'interpreted';

/** What graphql-jit 0.8 marks a Date with in the literals it writes into its code. */
const JIT_MARKER = '__MAGIC_';

/**
 * Whether graphql-jit may compile `document`'s `operation` into an answer graphql-js would give.
 * Not when a literal holds graphql-jit's marker: it writes an operation's literal arguments into
 * the code it compiles as JSON, then turns each string that starts with its Date marker into
 * `new Date(…)` of the rest, as code — a literal made so would run in the process (a string's
 * escapes included, hence its parsed value). Nor when a variable of a non-null type has a
 * default: graphql-jit refuses the operation when the variable is left out, where graphql-js
 * takes the default. Nor when a name is `__proto__` (an alias, a field of an object literal):
 * graphql-jit writes the answer's objects as object literals, where that key sets the object's
 * prototype instead of a field, and the field is missing from the answer.
 */
function compilable(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  const defaultedNonNull = operation.variableDefinitions?.some(
    (variable) => variable.defaultValue !== undefined && variable.type.kind === Kind.NON_NULL_TYPE,
  );
  if (defaultedNonNull) return false;
  let refused = false;
  const refuse = (when: (value: string) => boolean) => (node: { value: string }) => {
    if (!when(node.value)) return undefined;
    refused = true;
    return BREAK;
  };
  const marked = refuse((value) => value.includes(JIT_MARKER));
  visit(document, {
    StringValue: marked,
    EnumValue: marked,
    Name: refuse((value) => value === '__proto__'),
  });
  return !refused;
}

/**
 * The operations a subgraph runs again and again, compiled by graphql-jit into functions of
 * their own: graphql-js walks the document at every run, with a resolve info, a path and an
 * arguments object made for every field of the answer; the compiled function only calls the
 * resolvers and serializes the leaves. Resolvers, permissions (graphql-shield's resolvers),
 * scalars and abstract types are the schema's own, so the answer is the same (the spec runs
 * operations both ways and compares them). Kept with their documents (`ValidDocuments`), and
 * dropped with them.
 */
export class CompiledOperations {
  /** Per operation: its compiled function, graphql-js's for good, or the runs seen so far. */
  private readonly operations = new WeakMap<
    OperationDefinitionNode,
    CompiledQuery | typeof INTERPRETED | number
  >();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly runsBeforeCompiling = RUNS_BEFORE_COMPILING,
  ) {}

  /**
   * The compiled function of the document's operation named `operationName` (its only one when
   * unnamed), once it has been asked for `runsBeforeCompiling` times; undefined before, and for
   * an operation the document does not hold or graphql-jit cannot compile (graphql-js runs it).
   */
  get(document: DocumentNode, operationName?: string): CompiledQuery | undefined {
    const operation = getOperationAST(document, operationName);
    if (!operation) return undefined;
    const known = this.operations.get(operation) ?? 0;
    if (known === INTERPRETED) return undefined;
    if (typeof known !== 'number') return known;
    if (known + 1 < this.runsBeforeCompiling) {
      this.operations.set(operation, known + 1);
      return undefined;
    }
    const compiled = compilable(document, operation)
      ? this.compiled(document, operationName)
      : undefined;
    this.operations.set(operation, compiled ?? INTERPRETED);
    return compiled;
  }

  private compiled(document: DocumentNode, operationName?: string): CompiledQuery | undefined {
    try {
      const compiled = compileQuery(this.schema, document, operationName);
      return isCompiledQuery(compiled) ? compiled : undefined;
    } catch {
      return undefined;
    }
  }
}
