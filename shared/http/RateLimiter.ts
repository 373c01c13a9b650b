/** The answer for one request: go ahead, or wait this many seconds. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * A token bucket per caller: `perMinute` changes, refilled evenly, bursts up to `perMinute`. Kept in
 * memory, so each instance of the app counts on its own (docs/security.md, Abuse and cost). Callers
 * idle for a while are forgotten, so the map stays small.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number,
  ) {}

  take(caller: string): RateDecision {
    const now = this.now();
    const refillPerMs = this.perMinute / 60_000;
    const bucket = this.buckets.get(caller) ?? { tokens: this.perMinute, at: now };
    const tokens = Math.min(this.perMinute, bucket.tokens + Math.max(0, now - bucket.at) * refillPerMs);
    this.forgetIdle(now);
    if (tokens >= 1) {
      this.buckets.set(caller, { tokens: tokens - 1, at: now });
      return { allowed: true };
    }
    this.buckets.set(caller, { tokens, at: now });
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / refillPerMs / 1000)) };
  }

  /** A bucket that has refilled completely is the same as none. */
  private forgetIdle(now: number): void {
    if (this.buckets.size < 10_000) return;
    for (const [caller, bucket] of this.buckets) if (now - bucket.at > 60_000) this.buckets.delete(caller);
  }
}
