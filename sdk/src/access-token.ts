/** Exchanges the API key for an access token and keeps a fresh one at hand. */
export interface AccessToken {
  value: string;
  /** Epoch milliseconds at which the platform stops accepting it. */
  expiresAt: number;
  lifetimeMs: number;
}

/** Fetches a new token; the transport supplies it (with its retries of transient failures). */
export type TokenExchange = () => Promise<{ access_token: string; expires_in: number }>;

/**
 * The access token behind every call: exchanged on first use, exchanged again a margin before
 * it expires (a tenth of its lifetime, at most a minute), or at once after a 401. Callers that
 * need a token while an exchange runs share that exchange.
 */
export class AccessTokenCache {
  private current: AccessToken | null = null;
  private pending: Promise<AccessToken> | null = null;

  constructor(
    private readonly exchange: TokenExchange,
    private readonly now: () => number = Date.now,
  ) {}

  /** A token that is not about to expire. */
  async get(): Promise<string> {
    const token = this.current;
    if (token && !this.expiresSoon(token)) return token.value;
    return (await this.refresh()).value;
  }

  /** Forgets a token the platform refused (a 401), so the next `get` exchanges the key again. */
  invalidate(refused?: string): void {
    if (!refused || this.current?.value === refused) this.current = null;
  }

  private expiresSoon(token: AccessToken): boolean {
    return token.expiresAt - this.now() <= this.margin(token);
  }

  private margin(token: AccessToken): number {
    return Math.min(60_000, token.lifetimeMs / 10);
  }

  private refresh(): Promise<AccessToken> {
    this.pending ??= (async () => {
      try {
        const answer = await this.exchange();
        const lifetimeMs = answer.expires_in * 1000;
        const token = {
          value: answer.access_token,
          expiresAt: this.now() + lifetimeMs,
          lifetimeMs,
        };
        this.current = token;
        return token;
      } finally {
        this.pending = null;
      }
    })();
    return this.pending;
  }
}
