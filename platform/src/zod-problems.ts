import type { z } from 'zod';
import type { FieldProblem } from './errors';

function fieldPath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index ? '.' : ''}${String(part)}`,
    )
    .join('');
}

/** A zod failure as the error envelope's `details`: one problem per field, named as sent. */
export function zodProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: fieldPath(issue.path) || '(body)',
    message: issue.message,
  }));
}
