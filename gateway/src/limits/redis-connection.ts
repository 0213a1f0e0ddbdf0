import { Redis } from 'ioredis';
import type { Logger } from '../../../platform/src/logger';

/**
 * The Redis connection through which gateway replicas share their limits (REDIS_URL).
 * Commands fail at once instead of queueing while Redis is away (`enableOfflineQueue: false`,
 * a one-second command timeout), so that the limiters fall back to this process's memory
 * rather than holding requests; the client keeps reconnecting in the background.
 */
export async function connectRedis(url: string, logger: Logger): Promise<Redis> {
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2000,
    commandTimeout: 1000,
    // After `quit`, how long a socket may take to close; ioredis also arms this timer for a
    // socket already closed (Redis unreachable), which would hold the process that long.
    disconnectTimeout: 200,
  });
  let down = false;
  client.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn({ reason: error.message }, 'redis unavailable: limits are counted per process');
  });
  client.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info('redis available again: limits are shared');
  });
  // A first failure is not fatal: the gateway serves with per-process limits meanwhile.
  await client.connect().catch(() => {});
  return client;
}

/** Quits cleanly when connected; in any case stops reconnecting. */
export async function disconnectRedis(client: Redis): Promise<void> {
  if (client.status === 'ready') await client.quit().catch(() => {});
  client.disconnect();
}
