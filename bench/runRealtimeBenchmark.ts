import { describeRun, realtimeRun } from './realtimeFleetBenchmark.js';

/**
 * `npm run bench:realtime -- [SUBSCRIPTIONSxPOOLS …] [--interleaved] [--runs N]`: the write plan in
 * real time on the production path (`bench/realtimeFleetBenchmark.ts`), each size as it is done.
 * Default: 2 × 500 and 4 × 500 pools, the catalog named by subscription, one run each.
 */
const args = process.argv.slice(2);
const sizes = args
  .map((arg) => /^(\d+)x(\d+)$/.exec(arg))
  .filter((match) => match !== null)
  .map((match) => ({ subscriptions: Number(match[1]), poolsPerSubscription: Number(match[2]) }));
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 1;
process.stdout.write(
  `Real time, production path (Node ${process.version}): two instances, Azurite, the fake ARM's buckets on real time; a stop takes 120 s once begun\n`,
);
for (const size of sizes.length > 0
  ? sizes
  : [
      { subscriptions: 2, poolsPerSubscription: 500 },
      { subscriptions: 4, poolsPerSubscription: 500 },
    ])
  for (let run = 0; run < runs; run++)
    process.stdout.write(`${describeRun(await realtimeRun(size, args.includes('--interleaved')))}\n`);
