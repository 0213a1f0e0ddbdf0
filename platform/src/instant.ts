/** An ISO 8601 instant with its offset: `2026-11-27T20:00:00+01:00` or `…Z`. */
const WITH_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d{1,9})?)?(?:Z|[+-]\d\d:\d\d)$/i;

export const INSTANT_MESSAGE =
  'must be an ISO 8601 instant with its offset, such as 2026-11-27T20:00:00+01:00';

/**
 * Whether `value` is an instant a client meant: with its offset (a bare local time would be
 * read in the server's zone) and a real date.
 */
export function isInstantWithOffset(value: string): boolean {
  return WITH_OFFSET.test(value) && !Number.isNaN(Date.parse(value));
}
