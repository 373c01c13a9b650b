import { ARM_WRITE_BUDGET, type WriteBudget } from './WritePacer.js';

/** What the gate answers for one write: begin it now, or not before `waitMs` from now. */
export type WriteAdmission = { admitted: true } | { admitted: false; waitMs: number };

/** A subscription's bucket as this instance believes it: `tokens` at instant `at`, and its own writes under way. */
interface Estimate {
  tokens: number;
  at: number;
  inFlight: number;
}

/**
 * ARM's write bucket per subscription as one Functions instance sees it at the moment of a write
 * (docs/architecture.md, Throttling). The tick's plan (`WritePacer`) says when a message may be
 * taken at the earliest; but an instance that takes messages late finds several seconds' worth
 * visible at once, and ARM's bucket, full at 200, has not kept the tokens the plan counted on for
 * them. So the executor asks the gate before every write: it counts down from what ARM last said is
 * left (`x-ms-ratelimit-remaining-subscription-writes`, which counts every instance's writes),
 * refilled since at ARM's rate, less this instance's own writes since, and admits a write only while
 * `reserve` tokens stay for what no instance can see yet (another instance's writes in flight, the
 * SDK's retries, an autoscaler put back).
 */
export class WriteGate {
  private readonly estimates = new Map<string, Estimate>();

  /**
   * `clock` is real time, as ARM's bucket runs on it (not a simulated schedule clock); `reserve` is
   * smaller than the plan's, which already keeps ten back.
   */
  constructor(
    private readonly clock: () => number,
    private readonly budget: WriteBudget = { ...ARM_WRITE_BUDGET, reserve: 5 },
  ) {}

  /** Takes a token for one write to `subscriptionId` now, or says how long until one is there. */
  admit(subscriptionId: string): WriteAdmission {
    const estimate = this.estimateAt(subscriptionId.toLowerCase(), this.clock());
    const spare = estimate.tokens - this.budget.reserve;
    if (spare >= 1) {
      estimate.tokens -= 1;
      estimate.inFlight++;
      return { admitted: true };
    }
    return { admitted: false, waitMs: Math.ceil(((1 - spare) / this.budget.perSecond) * 1000) };
  }

  /** The write admitted for `subscriptionId` has been answered (whatever the answer). */
  done(subscriptionId: string): void {
    const estimate = this.estimates.get(subscriptionId.toLowerCase());
    if (estimate) estimate.inFlight = Math.max(0, estimate.inFlight - 1);
  }

  /**
   * ARM's own count of writes left, from a response at `at`. It already counts every write ARM took
   * before it, this instance's and others'; this instance's writes still under way (but the one that
   * carried the answer) are not in it yet, so they are taken off.
   */
  observeRemaining(subscriptionId: string, remaining: number): void {
    const estimate = this.estimateAt(subscriptionId.toLowerCase(), this.clock());
    estimate.tokens = Math.min(estimate.tokens, remaining - Math.max(0, estimate.inFlight - 1));
  }

  /** The estimate refilled up to `now` at ARM's rate, never beyond the bucket. */
  private estimateAt(subscription: string, now: number): Estimate {
    let estimate = this.estimates.get(subscription);
    if (!estimate) {
      estimate = { tokens: this.budget.burst, at: now, inFlight: 0 };
      this.estimates.set(subscription, estimate);
    }
    if (now > estimate.at) {
      estimate.tokens = Math.min(
        this.budget.burst,
        estimate.tokens + ((now - estimate.at) / 1000) * this.budget.perSecond,
      );
      estimate.at = now;
    }
    return estimate;
  }
}
