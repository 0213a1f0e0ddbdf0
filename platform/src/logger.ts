import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

/** Field paths that never reach a log line, whatever logs them. */
const REDACTED = [
  'api_key',
  'apiKey',
  'secret',
  'password',
  'authorization',
  'access_token',
  'accessToken',
  'req.headers.authorization',
  'req.headers["x-sotto-context"]',
  '*.api_key',
  '*.apiKey',
  '*.secret',
  '*.authorization',
  '*.access_token',
];

/** A JSON logger to stdout, or to `destination` (tests read what would have been written). */
export function createLogger(
  name: string,
  level = process.env.LOG_LEVEL ?? 'info',
  destination?: DestinationStream,
): Logger {
  return pino({ name, level, redact: { paths: REDACTED, censor: '[redacted]' } }, destination);
}
