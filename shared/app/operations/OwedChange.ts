import { HOUR_MS, MINUTE_MS } from '../../domain/time.js';

/**
 * A change Azure did not take (throttled, or another operation held the resource) stays owed until
 * it is done or the desired state moves on (docs/architecture.md, Owed changes): tried again with
 * back-off, a bounded number of times, each attempt reported.
 */
export const OWED_CHANGE = {
  /** Attempts before the change is reported failed and no longer tried. */
  maxAttempts: 8,
  /** A claim (`beginning`) older than this was left by an invocation that died before Azure answered. */
  orphanedClaimMs: 5 * MINUTE_MS,
  /** Wait before attempt `attempts + 1` after a conflict: 5, 10, 20, 40 min, then hourly. */
  backoffMs(attempts: number): number {
    return Math.min(5 * MINUTE_MS * 2 ** Math.max(0, attempts - 1), HOUR_MS);
  },
};
