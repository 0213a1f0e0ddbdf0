/** What a redacted value is written as. */
export const CENSORED = '[redacted]';

/** Keys whose values never reach a log line, at any depth, compared in lower case. */
const SECRET_KEYS = new Set([
  'api_key',
  'apikey',
  'secret',
  'password',
  'authorization',
  'access_token',
  'accesstoken',
  'x-sotto-context',
]);

/** Deeper than `req.headers.authorization` and an error's `cause`'s own fields. */
const MAX_DEPTH = 6;

const isSecretKey = (key: string) => SECRET_KEYS.has(key.toLowerCase());

/**
 * `value` with every secret key's value censored, at any depth up to MAX_DEPTH; the same value
 * when nothing is secret, else a copy of what changed (the caller's objects are never written).
 * A copy keeps its prototype and its non-enumerable fields, so an error stays an error for the
 * logger's serializer. Cheap on a flat log line: one look-up per key, no allocation.
 */
export function redactSecrets<T>(value: T, depth = 0): T {
  if (typeof value !== 'object' || value === null || depth >= MAX_DEPTH) return value;
  if (ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const item: unknown = value[index];
      const redacted = redactSecrets(item, depth + 1);
      if (redacted !== item) (copy ??= value.slice())[index] = redacted;
    }
    return (copy ?? value) as T;
  }
  let copy: Record<string, unknown> | undefined;
  const fields = value as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    // A secret is not even read: a getter's value never leaves it.
    let redacted: unknown = CENSORED;
    if (!isSecretKey(key)) {
      const field = fields[key];
      redacted = redactSecrets(field, depth + 1);
      if (redacted === field) continue;
    }
    copy ??= copyOf(fields);
    // A field, whatever it was in the original (a getter, a read-only field).
    Object.defineProperty(copy, key, { value: redacted, enumerable: true, writable: true });
  }
  return (copy ?? value) as T;
}

/** A shallow copy with the same prototype and the same fields, hidden ones included. */
function copyOf(fields: Record<string, unknown>): Record<string, unknown> {
  const prototype = Object.getPrototypeOf(fields) as object | null;
  // Descriptors, not a spread: a spread would call a secret's getter.
  const descriptors = Object.getOwnPropertyDescriptors(fields);
  for (const descriptor of Object.values(descriptors)) descriptor.configurable = true;
  return Object.create(prototype, descriptors) as Record<string, unknown>;
}
