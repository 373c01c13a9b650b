import { describe, expect, it } from 'vitest';
import { WriteGate } from '../../../shared/app/operations/WriteGate.js';

const SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';

/** ARM's write bucket (200, then 10 a second), on the same clock: how many writes it would refuse. */
class ArmBucket {
  tokens = 200;
  at = 0;
  refused = 0;
  take(now: number): number | undefined {
    this.tokens = Math.min(200, this.tokens + ((now - this.at) / 1000) * 10);
    this.at = now;
    if (this.tokens < 1) {
      this.refused++;
      return undefined;
    }
    this.tokens -= 1;
    return Math.floor(this.tokens);
  }
}

describe('WriteGate', () => {
  it('an instance that takes the plan late finds seconds of writes at once, and spreads them over the refill instead', () => {
    const clock = { now: 0 };
    const gate = new WriteGate(() => clock.now);
    const arm = new ArmBucket();
    // The plan: 190 at once, then ten a second for 10 s. The instance takes them 3 s late: 220 are waiting.
    let waiting = 190 + 30;
    let begun = 0;
    let lastBegunAt = 0;
    while (waiting > 0 || begun < 290) {
      if (clock.now === 3_000) waiting = 220;
      if (clock.now > 3_000 && clock.now % 1_000 === 0 && begun + waiting < 290) waiting += 10;
      while (waiting > 0 && clock.now >= 3_000) {
        const admission = gate.admit(SUBSCRIPTION);
        if (!admission.admitted) break;
        const remaining = arm.take(clock.now);
        gate.done(SUBSCRIPTION);
        if (remaining !== undefined) gate.observeRemaining(SUBSCRIPTION, remaining);
        waiting--;
        begun++;
        lastBegunAt = clock.now;
      }
      clock.now += 100;
    }
    expect(arm.refused).toBe(0);
    // ARM's own limit: 290 writes from a full bucket take 9 s; begun from 3 s, so about 12 s.
    expect(lastBegunAt).toBeLessThanOrEqual(13_000);
  });

  it("counts another instance's writes from what ARM says is left, and its own under way besides", () => {
    const clock = { now: 0 };
    const gate = new WriteGate(() => clock.now);
    // Another instance has spent all but 8; this instance has three of its own under way.
    for (let write = 0; write < 3; write++) expect(gate.admit(SUBSCRIPTION).admitted).toBe(true);
    gate.observeRemaining(SUBSCRIPTION.toUpperCase(), 8);
    // 8 left less the 2 still under way: 6, one above the reserve of 5.
    expect(gate.admit(SUBSCRIPTION)).toEqual({ admitted: true });
    expect(gate.admit(SUBSCRIPTION)).toEqual({ admitted: false, waitMs: 100 });
    clock.now += 100;
    expect(gate.admit(SUBSCRIPTION)).toEqual({ admitted: true });
  });
});
