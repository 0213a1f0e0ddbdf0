/** A GraphQL name as the metrics and the request log accept it from a client. */
export const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const FIRST_OPERATION = /^\s*(?:query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]*)/;

/**
 * The name of the operation a GraphQL request (its JSON body, or its GET query) runs:
 * `operationName`, else the name of the document's first operation, as most clients send;
 * undefined for an anonymous operation. Not validated: the caller decides what to keep.
 */
export function operationNameOf(params: unknown): unknown {
  const { operationName, query } = (params ?? {}) as { operationName?: unknown; query?: unknown };
  return (
    operationName ?? (typeof query === 'string' ? FIRST_OPERATION.exec(query)?.[1] : undefined)
  );
}
