import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so that the same body sent with its keys reordered matches. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, field]) => field !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, field]) => `${JSON.stringify(key)}:${canonicalJson(field)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What makes two requests "the same request": method, path with query, and body. */
export function requestFingerprint(method: string, url: string, body: unknown): string {
  const bodyHash = createHash('sha256')
    .update(canonicalJson(body ?? null))
    .digest('base64url');
  return createHash('sha256').update(`${method} ${url}\n${bodyHash}`).digest('base64url');
}
