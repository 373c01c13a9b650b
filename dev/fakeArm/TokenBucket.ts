/**
 * ARM's request limit per subscription and principal: a bucket of `capacity` tokens refilled at
 * `refillPerSecond`; a request without a token is throttled (429) and told when to come back.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly capacity: number,
    private readonly refillPerSecond: number,
    now: number,
  ) {
    this.tokens = capacity;
    this.updatedAt = now;
  }

  /** Takes a token, or returns how many ms until one is available. */
  take(now: number): { ok: true } | { ok: false; retryAfterMs: number } {
    this.tokens = Math.min(
      this.capacity,
      this.tokens + ((now - this.updatedAt) / 1000) * this.refillPerSecond,
    );
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterMs: Math.ceil(((1 - this.tokens) / this.refillPerSecond) * 1000) };
  }
}
