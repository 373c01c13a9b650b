import { runTickBenchmark } from './tickBenchmark.js';

/**
 * `node dist/bench/runTickBenchmark.js [targets…] [--tick-only]`: the reconcile-tick figures alone
 * (part of `npm run bench` at 1,000 targets), with where the transition tick's time goes; default
 * 1,000 and 5,000. `--tick-only` leaves the enqueued changes unexecuted (`bench/compareTickBuilds.ts`).
 */
const args = process.argv.slice(2);
const sizes = args.map(Number).filter((size) => size > 0);
const execute = !args.includes('--tick-only');
for (const size of sizes.length > 0 ? sizes : [1_000, 5_000])
  process.stdout.write(`${await runTickBenchmark(size, { execute })}\n`);
