import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The machine's Redis, which the tests that share state across replicas use. */
export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** A SOTTO_REDIS_KEY_PREFIX of the calling test file's own, so that runs never share keys. */
export const testRedisPrefix = (name: string) => `sotto-${name}-${randomBytes(6).toString('hex')}`;

/** Deletes the keys under `prefix` (a test's own, random) and its variants (`<prefix>-…`). */
export async function dropRedisKeys(prefix: string, url = TEST_REDIS_URL): Promise<void> {
  const redis = new Redis(url);
  try {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    await redis.quit();
  }
}
