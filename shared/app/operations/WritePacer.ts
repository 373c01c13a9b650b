import type { ChangeRequest } from './ChangeRequest.js';

/**
 * ARM's write limit per subscription and principal (docs/architecture.md, Throttling): a token
 * bucket of `burst` writes refilled at `perSecond`. `reserve` tokens are never planned, so the few
 * writes outside the plan (an autoscaler put back after a start, the SDK's retry of a dropped
 * connection) do not push a planned write into a 429.
 */
export interface WriteBudget {
  burst: number;
  perSecond: number;
  reserve: number;
}

export const ARM_WRITE_BUDGET: WriteBudget = { burst: 200, perSecond: 10, reserve: 10 };

/** A subscription's bucket as the plan left it: `tokens` at instant `at` (the last planned write, maybe in the future). */
interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Plans when each change may reach ARM: the tick gives every message a visibility delay so that
 * no subscription receives more writes than its budget allows, however many Functions instances
 * take messages. Subscriptions have separate budgets, so a large one never holds back a small one;
 * the plan is returned in the order the messages should be sent (earliest first, subscriptions
 * interleaved). The timer is a singleton, so one pacer per process sees every plan it made; what
 * Azure says is left (`x-ms-ratelimit-remaining-subscription-writes`) lowers the bucket further.
 */
export class WritePacer {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly budget: WriteBudget = ARM_WRITE_BUDGET) {}

  /**
   * Each request with the delay (ms from `now`, the plan's instant) before it may be begun, earliest
   * first. Requests of the same instant take turns by subscription (the first of each, then the
   * second of each, …), whatever order the catalog lists them in: a catalog named by subscription
   * would otherwise send one subscription's burst after another's, and the last ones' planned writes
   * would reach ARM late and all at once.
   */
  plan(requests: readonly ChangeRequest[], now: number): { request: ChangeRequest; delayMs: number }[] {
    const turns = new Map<string, number>();
    const firstSeen = new Map<string, number>();
    const planned = requests.map((request) => {
      const subscription = subscriptionOf(request.resourceId);
      const at = this.take(subscription, now);
      const turn = turns.get(subscription) ?? 0;
      turns.set(subscription, turn + 1);
      if (!firstSeen.has(subscription)) firstSeen.set(subscription, firstSeen.size);
      return { request, delayMs: at - now, turn, subscription: firstSeen.get(subscription) ?? 0 };
    });
    planned.sort((a, b) => a.delayMs - b.delayMs || a.turn - b.turn || a.subscription - b.subscription);
    return planned.map(({ request, delayMs }) => ({ request, delayMs }));
  }

  /**
   * Azure's own count of writes left for a subscription, read from a response at instant `at`.
   * Used only while no planned write lies ahead of it (the plan already spends what is left then).
   */
  observeRemaining(subscriptionId: string, remaining: number, at: number): void {
    const key = subscriptionId.toLowerCase();
    const bucket = this.bucketAt(key, at);
    if (bucket.at > at) return;
    this.buckets.set(key, { tokens: Math.min(bucket.tokens, remaining), at });
  }

  /** The earliest instant at or after `now` that a write to this subscription finds a token beyond the reserve. */
  private take(subscription: string, now: number): number {
    const bucket = this.bucketAt(subscription, now);
    const usable = bucket.tokens - this.budget.reserve;
    const at = usable >= 1 ? bucket.at : bucket.at + Math.ceil(((1 - usable) / this.budget.perSecond) * 1000);
    const tokens = Math.max(bucket.tokens, this.budget.reserve + 1) - 1;
    this.buckets.set(subscription, { tokens, at });
    return at;
  }

  /** The bucket refilled up to `now` (or as left by a plan reaching beyond `now`). */
  private bucketAt(subscription: string, now: number): Bucket {
    const bucket = this.buckets.get(subscription);
    if (!bucket) return { tokens: this.budget.burst, at: now };
    if (bucket.at >= now) return bucket;
    const refilled = bucket.tokens + ((now - bucket.at) / 1000) * this.budget.perSecond;
    return { tokens: Math.min(this.budget.burst, refilled), at: now };
  }
}

/** The subscription a resource ID names (lower case); a malformed ID gets a bucket of its own. */
function subscriptionOf(resourceId: string): string {
  return /^\/subscriptions\/([^/]+)/i.exec(resourceId)?.[1]?.toLowerCase() ?? '';
}
