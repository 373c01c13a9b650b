import { FakeArm } from '../dev/fakeArm/FakeArm.js';
import { seedFleet } from './fleetBenchmark.js';
import { answerUsage } from './processUsage.js';

/**
 * The fake ARM of the steady-tick benchmark in a process of its own (`fork`ed with the fleet size
 * as its argument), so the tick's time and the app process's memory are measured without the
 * fake's, and Resource Graph does not wait behind Table Storage as it would not on Azure. It sends
 * `{ url, ca, pools }` once the fleet is seeded, answers `'usage'` (`bench/processUsage.ts`), and stops on
 * `'stop'`. Resource Graph's quota is lifted: the benchmark's ticks do not wait for it in wall time
 * either (the fleet benchmark simulates those waits).
 */
const size = Number(process.argv[2]);
const arm = await FakeArm.start({ graphQuota: { limit: 1_000_000, windowMs: 5_000 } });
const pools = seedFleet(arm, size).map((pool) => pool.id);
process.send?.({ url: arm.url, ca: arm.ca, pools });
answerUsage();
process.on('message', (message) => {
  if (message === 'stop') void arm.stop().then(() => process.exit(0));
});
