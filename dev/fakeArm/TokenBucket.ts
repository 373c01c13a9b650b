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

  /** Takes a token (and says how many whole ones are left), or returns how many ms until one is available. */
  take(now: number): { ok: true; remaining: number } | { ok: false; retryAfterMs: number } {
    this.tokens = Math.min(
      this.capacity,
      this.tokens + (Math.max(0, now - this.updatedAt) / 1000) * this.refillPerSecond,
    );
    this.updatedAt = Math.max(now, this.updatedAt);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true, remaining: Math.floor(this.tokens) };
    }
    return { ok: false, retryAfterMs: Math.ceil(((1 - this.tokens) / this.refillPerSecond) * 1000) };
  }
}
