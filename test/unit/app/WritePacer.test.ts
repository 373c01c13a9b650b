import { describe, expect, it } from 'vitest';
import type { ChangeRequest } from '../../../shared/app/operations/ChangeRequest.js';
import { WritePacer } from '../../../shared/app/operations/WritePacer.js';

const subscription = (index: number) => `00000000-0000-0000-0000-${String(index).padStart(12, '0')}`;
const stopOf = (sub: number, pool: number): ChangeRequest => ({
  targetName: `s${sub}-p${pool}`,
  resourceId: `/subscriptions/${subscription(sub)}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c/agentPools/p${pool}`,
  action: 'stop',
  transitionKey: `s${sub}-p${pool}|stop|2026-11-26T20:00:00.000Z`,
  reason: 'test',
  actor: 'schedule',
  requestedAt: 0,
});
const NOW = Date.parse('2026-11-26T20:00:00Z');

/** Replays a plan against ARM's bucket (200, then 10 per second): how many writes would be throttled. */
function throttledBy(delays: readonly number[], burst = 200, perSecond = 10): number {
  let tokens = burst;
  let at = 0;
  let throttled = 0;
  for (const delay of [...delays].sort((a, b) => a - b)) {
    tokens = Math.min(burst, tokens + ((delay - at) / 1000) * perSecond);
    at = delay;
    if (tokens >= 1) tokens -= 1;
    else throttled++;
  }
  return throttled;
}

describe('WritePacer', () => {
  it('sends the burst at once, then ten writes a second per subscription, keeping a reserve', () => {
    const pacer = new WritePacer({ burst: 200, perSecond: 10, reserve: 10 });
    const plan = pacer.plan(
      Array.from({ length: 2000 }, (_, pool) => stopOf(0, pool)),
      NOW,
    );
    const delays = plan.map(({ delayMs }) => delayMs);
    expect(delays.filter((delay) => delay === 0)).toHaveLength(190);
    expect(Math.max(...delays)).toBe(181_000);
    expect(throttledBy(delays, 190)).toBe(0);
  });

  it('gives each subscription its own budget and interleaves them, so a large one holds back no other', () => {
    const pacer = new WritePacer({ burst: 200, perSecond: 10, reserve: 10 });
    const requests = [
      ...Array.from({ length: 1000 }, (_, pool) => stopOf(0, pool)),
      ...Array.from({ length: 50 }, (_, pool) => stopOf(1, pool)),
    ];
    const plan = pacer.plan(requests, NOW);
    const small = plan.filter(({ request }) => request.resourceId.includes(subscription(1)));
    expect(small.every(({ delayMs }) => delayMs === 0)).toBe(true);
    // Earliest first: every message of the small subscription is sent before the large one's waiting ones.
    const lastSmall = plan.findLastIndex(({ request }) => request.resourceId.includes(subscription(1)));
    const firstWaiting = plan.findIndex(({ delayMs }) => delayMs > 0);
    expect(lastSmall).toBeLessThan(firstWaiting);
    for (const sub of [0, 1])
      expect(
        throttledBy(
          plan.filter(({ request }) => request.resourceId.includes(subscription(sub))).map((p) => p.delayMs),
        ),
      ).toBe(0);
  });

  it('interleaves subscriptions within the first burst too, when the catalog lists them one after another', () => {
    const pacer = new WritePacer({ burst: 200, perSecond: 10, reserve: 10 });
    const requests = [0, 1, 2].flatMap((sub) => Array.from({ length: 500 }, (_, pool) => stopOf(sub, pool)));
    const plan = pacer.plan(requests, NOW);
    const subscriptionAt = (index: number) =>
      [0, 1, 2].find((sub) => plan[index]?.request.resourceId.includes(subscription(sub)));
    // Whatever the instant, the messages sent next to each other name different subscriptions in turn.
    expect(plan.slice(0, 6).map((_, index) => subscriptionAt(index))).toEqual([0, 1, 2, 0, 1, 2]);
    for (let index = 0; index < plan.length - 3; index++)
      expect(subscriptionAt(index + 3)).toBe(subscriptionAt(index));
    expect(plan.slice(0, 570).every(({ delayMs }) => delayMs === 0)).toBe(true);
  });

  it('continues the plan of an earlier tick instead of spending the burst twice', () => {
    const pacer = new WritePacer({ burst: 200, perSecond: 10, reserve: 10 });
    pacer.plan(
      Array.from({ length: 500 }, (_, pool) => stopOf(0, pool)),
      NOW,
    );
    const later = pacer.plan(
      Array.from({ length: 10 }, (_, pool) => stopOf(0, 1000 + pool)),
      NOW + 5_000,
    );
    // 190 at once, 310 more at 10/s end after 31 s: the next ones come after that, not at once.
    expect(Math.min(...later.map(({ delayMs }) => delayMs))).toBeGreaterThanOrEqual(26_000);
  });

  it('spends no more than Azure says is left', () => {
    const pacer = new WritePacer({ burst: 200, perSecond: 10, reserve: 10 });
    pacer.observeRemaining(subscription(0).toUpperCase(), 20, NOW);
    const plan = pacer.plan(
      Array.from({ length: 20 }, (_, pool) => stopOf(0, pool)),
      NOW,
    );
    expect(plan.filter(({ delayMs }) => delayMs === 0)).toHaveLength(10);
    expect(Math.max(...plan.map(({ delayMs }) => delayMs))).toBe(1_000);
  });

  it('plans nothing ahead for a subscription whose bucket had time to refill', () => {
    const pacer = new WritePacer({ burst: 200, perSecond: 10, reserve: 10 });
    pacer.plan(
      Array.from({ length: 2000 }, (_, pool) => stopOf(0, pool)),
      NOW,
    );
    const nextTick = pacer.plan(
      Array.from({ length: 100 }, (_, pool) => stopOf(0, pool)),
      NOW + 5 * 60_000,
    );
    expect(nextTick.every(({ delayMs }) => delayMs === 0)).toBe(true);
  });
});
