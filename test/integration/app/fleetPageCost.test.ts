import { describe, expect, it } from 'vitest';
import { CountingRowTable } from '../../../bench/CountingRowTable.js';
import { seedFleet } from '../../../bench/fleetBenchmark.js';
import { registerFleet, startFleetApp } from '../../../bench/fleetApp.js';
import { VirtualTime } from '../../../bench/VirtualTime.js';
import { FakeArm } from '../../../dev/fakeArm/FakeArm.js';
import { TargetService } from '../../../shared/app/targets/TargetService.js';

// Issue 29, item 2: the status page's first screen (`GET /api/targets?limit=50` with its row
// report) costs the same Table requests whatever the fleet's size (BENCHMARKS.md, One target's
// actions at 20,000 targets). Tables in memory, counted as Table Storage bills them.
const NOW = Date.parse('2026-11-26T15:00:00Z');

async function firstScreenRequests(
  size: number,
): Promise<{ requests: number; total?: number; shown: number }> {
  const time = new VirtualTime(NOW);
  const arm = await FakeArm.start({ clock: time.clock, graphQuota: { limit: 1_000_000, windowMs: 5_000 } });
  try {
    const pools = seedFleet(arm, size);
    const { storage, reconciler } = startFleetApp(time, arm);
    await registerFleet(storage, pools);
    await reconciler.tick();
    const targets = new TargetService({ storage, reconciler, now: time.clock });
    const before = CountingRowTable.requests;
    const page = await targets.listPage(50, undefined, { withRowReport: true });
    return {
      requests: CountingRowTable.requests - before,
      ...(page.total !== undefined ? { total: page.total } : {}),
      shown: page.targets.length,
    };
  } finally {
    await arm.stop();
  }
}

describe("the status page's first screen", () => {
  it('costs the same Table requests at 200 and at 2,000 targets', async () => {
    const small = await firstScreenRequests(200);
    const large = await firstScreenRequests(2_000);
    expect(small).toMatchObject({ total: 200, shown: 50 });
    expect(large).toMatchObject({ total: 2_000, shown: 50 });
    expect(large.requests).toBe(small.requests);
  }, 120_000);
});
