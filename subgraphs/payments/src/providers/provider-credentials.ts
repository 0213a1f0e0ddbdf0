import type { z } from 'zod';
import { ProviderCredentialsError } from './terminal-provider';

/**
 * Parses what a restaurant submitted with the adapter's zod schema; the first problem becomes a
 * `ProviderCredentialsError` naming the field. The message never repeats the submitted value, so
 * a secret pasted into the wrong field is not echoed back.
 */
export function parseCredentialsWith<Schema extends z.ZodType>(
  schema: Schema,
  input: unknown,
): z.infer<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue.path.length > 0 ? issue.path.join('.') : 'credentials';
  throw new ProviderCredentialsError(field, issue.message);
}
