import type { z } from 'zod';
import { zodProblems } from '../../../platform/src/zod-problems';
import { RestError } from '../http/error-envelope';

/** Parses a body or query with a zod schema; problems become one 422 `invalid_field`. */
export function parseInput<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
): z.infer<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = zodProblems(result.error);
  throw new RestError(
    'INVALID_FIELD',
    `Invalid request: ${details[0]!.field} ${details[0]!.message}`,
    details,
  );
}

/** `If-Match: "3"` (or `W/"3"`) → 3; absent or `*` (any version) → undefined. */
export function expectedVersionFrom(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (value?.trim() === '*') return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec((value ?? '').trim());
  if (!match) {
    throw new RestError('BAD_REQUEST', 'If-Match must be the ETag of the resource, such as "3"');
  }
  return Number(match[1]);
}
