import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

/**
 * Connections per service pool (`SOTTO_DB_POOL_MAX`) of a machine's one process. A change to an
 * order holds its connection for two round trips (the locked read, then the writes and the
 * commit), each waiting its turn on a busy event loop: with four, writes queued for a connection
 * (a PATCH waited 21.7 ms for one it then held 7.2 ms, on 2 cores); with eight, 8.6 ms for 10.8,
 * and 1.08 times the PATCHes a second (see the README's Twenty-second session). The machine's
 * workers (`SOTTO_WORKERS`) share them (`defaultPoolMax`), so that the connections a
 * machine may open stay within what its PostgreSQL accepts.
 */
export const DEFAULT_DB_POOL_MAX = 8;

/** Each worker's share of the machine's connections per service, two at least. */
function defaultPoolMax(workers: number): number {
  return Math.max(2, Math.floor(DEFAULT_DB_POOL_MAX / workers));
}

/** `5,300,1800`: the delays between webhook delivery attempts, in seconds (fractions allowed). */
const retrySchedule = z
  .string()
  .transform((value) => value.split(',').map((delay) => Number(delay.trim())))
  .pipe(
    z
      .array(
        z
          .number()
          .finite()
          .nonnegative()
          .max(30 * 86_400),
      )
      .min(1)
      .max(50),
  );

/** `https://pos.example.com,https://kds.example.com`, or `*` for any origin (only when said so). */
const corsOrigins = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((origin) => origin.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z
        .string()
        .refine(
          (origin) => origin === '*' || (URL.canParse(origin) && new URL(origin).origin === origin),
          {
            message:
              'expected "*" or origins such as https://pos.example.com (scheme, host, port; no path)',
          },
        ),
    ),
  );

/** Fastify's `trustProxy`: `true`, a number of hops, or addresses and CIDR ranges, comma-separated. */
const trustProxy = z
  .string()
  .transform((value): boolean | number | string =>
    value === 'true'
      ? true
      : value === 'false'
        ? false
        : /^\d+$/.test(value)
          ? Number(value)
          : value,
  );

const ConfigSchema = z
  .object({
    PORT: z.coerce.number().int().min(0).max(65535).default(4000),
    HOST: z.string().min(1).default('127.0.0.1'),
    DATABASE_URL: z.string().url().optional(),
    REDIS_URL: z.string().url().optional(),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
    NODE_ENV: z.string().default('development'),
    SOTTO_DEMO_API_KEY: z.string().min(16).optional(),
    SOTTO_JWT_PRIVATE_KEY: z.string().optional(),
    SOTTO_TOKEN_TTL_SECONDS: positiveInt.default(900),
    SOTTO_INTERNAL_SECRET: z.string().min(32).optional(),
    SOTTO_DATA_DIR: z.string().default('.data'),
    /** Unset: `defaultPoolMax(SOTTO_WORKERS)`. */
    SOTTO_DB_POOL_MAX: positiveInt.optional(),
    SOTTO_MAX_BODY_BYTES: positiveInt.default(5 * 1024 * 1024),
    /** Requests a minute per API key, unless the key carries its own limit. */
    SOTTO_RATE_LIMIT_PER_MINUTE: positiveInt.default(500),
    /** Requests in flight (and, later, WebSockets) per API key, unless the key carries its own. */
    SOTTO_MAX_CONNECTIONS_PER_KEY: positiveInt.default(25),
    /** Token exchanges a minute per client IP, against API key guessing. */
    SOTTO_AUTH_RATE_PER_MINUTE: positiveInt.default(30),
    /** Origins allowed to call from a browser; unset: no cross-origin access. */
    SOTTO_CORS_ORIGINS: corsOrigins.optional(),
    /** Prefix of every Redis key the platform writes, so deployments can share one Redis. */
    SOTTO_REDIS_KEY_PREFIX: z.string().min(1).max(64).default('sotto'),
    /** Proxies whose X-Forwarded-For is believed for the client IP; unset: none. */
    SOTTO_TRUST_PROXY: trustProxy.optional(),
    /**
     * Base64 of 32 bytes: encrypts the secrets the platform reads back (provider credentials,
     * webhook secrets). Unset: each service generates one and keeps it in its schema.
     */
    SOTTO_SECRETS_KEY: z
      .string()
      .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be base64 of 32 bytes')
      .optional(),
    /** Deliveries a minute per webhook endpoint; more are queued, not dropped. */
    SOTTO_WEBHOOK_RATE_PER_MINUTE: positiveInt.default(100),
    /** Seconds between webhook delivery attempts: about three days of retries by default. */
    SOTTO_WEBHOOK_RETRY_SCHEDULE: retrySchedule.default([
      5, 300, 1800, 7200, 18000, 36000, 50400, 72000, 86400,
    ]),
    /** The gateway's TLS certificate chain and private key: PEM text or the path of a PEM file. */
    SOTTO_TLS_CERT: z.string().optional(),
    SOTTO_TLS_KEY: z.string().optional(),
    /** With TLS, a plain-HTTP port that redirects every request to HTTPS; unset: none. */
    SOTTO_TLS_REDIRECT_HTTP_PORT: z.coerce.number().int().min(0).max(65535).optional(),
    /** How many days each API key's calls stay in the request log (`GET /api/v1/logs`). */
    SOTTO_REQUEST_LOG_RETENTION_DAYS: positiveInt.max(366).default(7),
    /** A bearer token that `/metrics` asks for; unset: open (expose it to the scraper only). */
    SOTTO_METRICS_TOKEN: z.string().min(16).optional(),
    /** How long the gateway waits for a subgraph's answer before reporting it unavailable. */
    SOTTO_SUBGRAPH_TIMEOUT_MS: positiveInt.default(30_000),
    /** Memory of the gateway's read cache, in MiB; 0 turns it off. */
    SOTTO_READ_CACHE_MB: z.coerce.number().int().min(0).max(65_536).default(64),
    /** The longest a cached read is served, however quiet its tenant (seconds). */
    SOTTO_READ_CACHE_TTL_SECONDS: positiveInt.max(86_400).default(300),
    /** How long a stop signal may take to drain and close before the process exits regardless. */
    SOTTO_SHUTDOWN_TIMEOUT_MS: positiveInt.default(10_000),
    SOTTO_SERVICE: z.string().default('all'),
    /**
     * Processes serving the platform on one port (node:cluster), each a replica of the whole of it:
     * more than one needs REDIS_URL, through which they share limits and live events.
     */
    SOTTO_WORKERS: positiveInt.max(64).default(1),
    SOTTO_IDENTITY_URL: z.string().url().optional(),
    SOTTO_MENU_URL: z.string().url().optional(),
    SOTTO_ORDERS_URL: z.string().url().optional(),
    SOTTO_INVENTORY_URL: z.string().url().optional(),
    SOTTO_RESERVATIONS_URL: z.string().url().optional(),
    SOTTO_WEBHOOKS_URL: z.string().url().optional(),
    SOTTO_PAYMENTS_URL: z.string().url().optional(),
    /** How long a card terminal waits for the card before the payment fails, in milliseconds. */
    SOTTO_TERMINAL_TIMEOUT_MS: positiveInt.default(90_000),
    /** How long the sandbox's simulated terminal takes to read a card, in milliseconds. */
    SOTTO_TERMINAL_SIM_DELAY_MS: z.coerce.number().int().min(0).default(1500),
    /** The legal cap of one meal-voucher payment (titres-restaurant), in the currency: `25.00`. */
    SOTTO_MEAL_VOUCHER_DAILY_CAP: z
      .string()
      .regex(/^\d{1,6}(\.\d{1,2})?$/, 'must be an amount such as 25.00')
      .default('25.00'),
  })
  // Unset, the pool size is the workers' share of the machine's (it depends on SOTTO_WORKERS).
  .transform((config) => ({
    ...config,
    SOTTO_DB_POOL_MAX: config.SOTTO_DB_POOL_MAX ?? defaultPoolMax(config.SOTTO_WORKERS),
  }));

export type Config = z.infer<typeof ConfigSchema>;

/** Reads the configuration from the environment; a bad value stops the process with its name. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (`DATABASE_URL=`) means unset, as in a shell or a compose file.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = ConfigSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}
