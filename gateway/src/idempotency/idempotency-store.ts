import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { GATEWAY_SCHEMA } from '../migrations';

/** Whose key it is: keys are unique within a restaurant and environment. */
export interface IdempotencyScope {
  restaurantId: string;
  environment: string;
  key: string;
}

/** The first request, as the store compares retries with it. */
export interface IdempotentRequest extends IdempotencyScope {
  /** The API key that sent it: only that key is given its answer again. */
  keyId: string;
  /** Method, path and a hash of the body. */
  fingerprint: string;
}

/** An answer kept for replay. */
export interface StoredAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** A claim this request holds while it runs; only its holder may complete or release it. */
export interface HeldKey extends IdempotencyScope {
  lockId: string;
}

export type Claim =
  | { kind: 'claimed'; held: HeldKey }
  | { kind: 'completed'; answer: StoredAnswer }
  | { kind: 'in_progress' }
  | { kind: 'other_request'; differs: 'body' | 'api_key' };

export interface IdempotencyStoreOptions {
  /** How long an answer is replayed (24 hours). */
  ttlSeconds: number;
  /** How long a request may hold its key before a retry may take it over. */
  leaseSeconds: number;
}

const TABLE = `"${GATEWAY_SCHEMA}"."idempotency_keys"`;
const KEY_MATCH = `"restaurant_id" = $1 and "environment" = $2 and "idempotency_key" = $3`;

/** Idempotency keys and their answers, in the gateway's own schema. */
export class IdempotencyStore {
  constructor(
    private readonly pool: Pool,
    private readonly options: IdempotencyStoreOptions,
  ) {}

  /**
   * Takes the key for `request`, or tells what holds it. An expired key is taken afresh; one
   * whose holder outlived its lease (a crashed replica) is taken over by the same request only.
   */
  async claim(request: IdempotentRequest): Promise<Claim> {
    const lockId = randomBytes(12).toString('hex');
    const taken = await this.pool.query(
      `insert into ${TABLE} as k ("restaurant_id", "environment", "idempotency_key", "key_id",
         "fingerprint", "state", "lock_id", "locked_until", "expires_at")
       values ($1, $2, $3, $4, $5, 'in_progress', $6, now() + make_interval(secs => $7),
         now() + make_interval(secs => $8))
       on conflict ("restaurant_id", "environment", "idempotency_key") do update set
         "key_id" = excluded."key_id", "fingerprint" = excluded."fingerprint",
         "state" = 'in_progress', "lock_id" = excluded."lock_id",
         "locked_until" = excluded."locked_until", "expires_at" = excluded."expires_at",
         "created_at" = now(), "response_status" = null, "response_headers" = null,
         "response_body" = null
       where k."expires_at" <= now()
          or (k."state" = 'in_progress' and k."locked_until" <= now()
              and k."fingerprint" = excluded."fingerprint" and k."key_id" = excluded."key_id")
       returning 1`,
      [
        request.restaurantId,
        request.environment,
        request.key,
        request.keyId,
        request.fingerprint,
        lockId,
        this.options.leaseSeconds,
        this.options.ttlSeconds,
      ],
    );
    if (taken.rowCount) return { kind: 'claimed', held: { ...request, lockId } };

    const { rows } = await this.pool.query<{
      key_id: string;
      fingerprint: string;
      state: string;
      response_status: number | null;
      response_headers: Record<string, string> | null;
      response_body: Buffer | null;
    }>(
      `select "key_id", "fingerprint", "state", "response_status", "response_headers",
         "response_body" from ${TABLE} where ${KEY_MATCH} and "expires_at" > now()`,
      [request.restaurantId, request.environment, request.key],
    );
    const row = rows[0];
    // Released or expired in between: try again.
    if (!row) return this.claim(request);
    if (row.key_id !== request.keyId) return { kind: 'other_request', differs: 'api_key' };
    if (row.fingerprint !== request.fingerprint) return { kind: 'other_request', differs: 'body' };
    if (row.state !== 'completed') return { kind: 'in_progress' };
    return {
      kind: 'completed',
      answer: {
        status: row.response_status!,
        headers: row.response_headers ?? {},
        body: row.response_body ?? Buffer.alloc(0),
      },
    };
  }

  /** Keeps the answer of the request holding the key, for replay until the key expires. */
  async complete(held: HeldKey, answer: StoredAnswer): Promise<void> {
    await this.pool.query(
      `update ${TABLE} set "state" = 'completed', "response_status" = $5,
         "response_headers" = $6, "response_body" = $7
       where ${KEY_MATCH} and "lock_id" = $4 and "state" = 'in_progress'`,
      [
        held.restaurantId,
        held.environment,
        held.key,
        held.lockId,
        answer.status,
        JSON.stringify(answer.headers),
        answer.body,
      ],
    );
  }

  /** Frees the key without an answer (a server error): a retry runs the request again. */
  async release(held: HeldKey): Promise<void> {
    await this.pool.query(
      `delete from ${TABLE} where ${KEY_MATCH} and "lock_id" = $4 and "state" = 'in_progress'`,
      [held.restaurantId, held.environment, held.key, held.lockId],
    );
  }

  /** Deletes the expired keys; returns how many. */
  async purgeExpired(): Promise<number> {
    const { rowCount } = await this.pool.query(`delete from ${TABLE} where "expires_at" <= now()`);
    return rowCount ?? 0;
  }
}
