import { randomFillSync } from 'node:crypto';

/**
 * Random bytes from the system's generator, drawn in batches: one draw costs about as much for
 * a few kilobytes as for the dozen bytes of an identifier, and the hot paths take one per
 * request (its id) or per row (a new identifier). Not for keys or secrets, which are drawn on
 * their own (`randomBytes`) so that no copy of them stays in a shared buffer.
 */
export class RandomPool {
  private readonly pool: Buffer;
  private offset: number;

  constructor(size = 4096) {
    this.pool = Buffer.alloc(size);
    this.offset = size;
  }

  /**
   * `length` fresh random bytes, never handed out before: a view of the pool, to be read at
   * once (the next draw overwrites it).
   */
  take(length: number): Buffer {
    if (length > this.pool.length) throw new RangeError(`at most ${this.pool.length} bytes a draw`);
    if (this.offset + length > this.pool.length) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    const bytes = this.pool.subarray(this.offset, this.offset + length);
    this.offset += length;
    return bytes;
  }
}

/** The process's pool, for identifiers. */
export const randomPool = new RandomPool();
