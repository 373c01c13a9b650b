import '../dev/quietTestMode.js';
import { performance } from 'node:perf_hooks';
import { FakeArm } from '../dev/fakeArm/FakeArm.js';
import { TargetService } from '../shared/app/targets/TargetService.js';
import { CountingRowTable } from './CountingRowTable.js';
import { seedFleet } from './fleetBenchmark.js';
import { registerFleet, startFleetApp } from './fleetApp.js';
import { VirtualTime } from './VirtualTime.js';

/** Thursday 15:00 UTC: the office schedule (Mon-Fri 08:00-20:00 UTC) is up. */
const NOW = Date.parse('2026-11-26T15:00:00Z');
const TICK_MS = 5 * 60_000;
/** Operations under way elsewhere in the fleet, which one target's action has no business following. */
const OPEN_OPERATIONS = 100;

interface Cost {
  tableRequests: number;
  graphQueries: number;
  otherArmRequests: number;
  ms: number;
}

/**
 * Issue 29's single-target figures: at `size` targets (20,000 by default), what one override, one
 * `GET /api/targets/{name}` and the status page's first screen (`GET /api/targets?limit=50`) cost in
 * Table requests (as Table Storage bills them: `CountingRowTable`), ARM requests (the fake's count:
 * Resource Graph requests and the rest) and time, with operations under way on other targets. The
 * real reconciler, follower and SDK clients against the fake ARM; tables in memory.
 */
export async function runSingleTargetBenchmark(size = 20_000): Promise<string> {
  const time = new VirtualTime(NOW - 2 * TICK_MS);
  const arm = await FakeArm.start({ clock: time.clock, graphQuota: { limit: 1_000_000, windowMs: 5_000 } });
  try {
    const pools = seedFleet(arm, size);
    const { storage, reconciler } = startFleetApp(time, arm);
    await registerFleet(storage, pools);
    await reconciler.tick();
    time.now = NOW - TICK_MS;
    await reconciler.tick();
    for (let index = 1; index <= OPEN_OPERATIONS; index++)
      await storage.operations.put({
        targetName: `pool-${index}`,
        resourceId: pools[index]?.id ?? '',
        action: 'stop',
        transitionKey: `pool-${index}|stop|${NOW - TICK_MS}`,
        status: 'running',
        requestedAt: NOW - TICK_MS,
        startedAt: NOW - TICK_MS,
        actor: 'bench',
      });
    time.now = NOW;
    const targets = new TargetService({ storage, reconciler, now: time.clock });
    const measure = async (task: () => Promise<unknown>): Promise<Cost> => {
      const tableBefore = CountingRowTable.requests;
      arm.resetCounts();
      const started = performance.now();
      await task();
      const ms = performance.now() - started;
      const graphQueries = arm.count('POST', /resourcegraph/i);
      return {
        tableRequests: CountingRowTable.requests - tableBefore,
        graphQueries,
        otherArmRequests: arm.count() - graphQueries,
        ms,
      };
    };
    const name = `pool-${size - 1}`;
    const override = await measure(() =>
      targets.setOverride(name, { kind: 'keep-running', duration: 'PT2H' }, 'bench'),
    );
    const stopNow = await measure(() =>
      targets.setOverride(`pool-${size - 2}`, {}, 'bench', {}, 'keep-stopped'),
    );
    const get = await measure(() => targets.get(name));
    // As the handler asks for it: the first page with the Targets rows' report.
    let token: string | undefined;
    const firstScreen = await measure(async () => {
      token = (await targets.listPage(50, undefined, { withRowReport: true })).continuationToken;
    });
    // The page then loads the rest in pages of 1,000 (web/FleetView.tsx).
    const nextPage = await measure(() => targets.listPage(1000, token));
    const line = (label: string, cost: Cost) =>
      `${label}: ${cost.tableRequests} Table requests, ${cost.graphQueries} Resource Graph requests and ${cost.otherArmRequests} other ARM requests, ${cost.ms.toFixed(0)} ms`;
    return [
      `One target's actions at ${size.toLocaleString('en')} targets (${OPEN_OPERATIONS} operations under way on others; tables in memory, counted as billed; the fake ARM in process)`,
      '',
      line('an override (keep running for 2 h)', override),
      line('stop now', stopNow),
      line('GET /api/targets/{name}', get),
      line("the page's first screen (GET /api/targets?limit=50)", firstScreen),
      line('the next page (GET /api/targets?limit=1000&continuationToken=…)', nextPage),
      '',
    ].join('\n');
  } finally {
    await arm.stop();
  }
}

if (process.argv[1]?.endsWith('singleTargetBenchmark.js')) {
  const size = Number(process.argv[2] ?? 20_000);
  process.stdout.write(`${await runSingleTargetBenchmark(size)}\n`);
}
